
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sidecarctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sidecarctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sidecarctl' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new project (project file, services/, marketplace/)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sidecar and the services using it')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Show each sidecar''s images in use, newest first, against its catalog item')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the full configuration of one sidecar in one service')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'List the services (IDs), narrowed by filters')
            [CompletionResult]::new('containers', 'containers', [CompletionResultType]::ParameterValue, 'Show a service''s main container and every sidecar')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Add a new sidecar, from a docker image or a marketplace item, to one or more services')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Copy a service''s sidecar entry into other services')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a sidecar''s resources, image, variables, arguments and ports in some or all services')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a sidecar from some services, or from the whole project')
            [CompletionResult]::new('marketplace', 'marketplace', [CompletionResultType]::ParameterValue, 'The sidecar items of the project''s marketplace folder')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check the whole project; exit 1 when any error is found')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sidecarctl;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Project name (default: the folder''s name)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What the project holds: Mia service files, Kubernetes manifests or a Console project configuration (for the last two, only the project file is written)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'With --format console: the Console configuration, inside the folder (default: api-console-config.json, else the one JSON file there that is one)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;list' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only these services (comma-separated; can be repeated)')
            [CompletionResult]::new('--sidecar', '--sidecar', [CompletionResultType]::ParameterName, 'Only this sidecar')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;drift' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--fail-on-drift', '--fail-on-drift', [CompletionResultType]::ParameterName, 'Exit 1 when a sidecar listed drifted: more than one image in use, or one that is not its catalog item''s')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;show' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service holding it (needed when several services have it)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Print the entry''s text exactly as it stands in the file')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;services' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;containers' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;create' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Docker image')
            [CompletionResult]::new('--from-marketplace', '--from-marketplace', [CompletionResultType]::ParameterName, 'Marketplace item id')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target services (comma-separated; can be repeated)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU request and limit')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory request and limit')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment variable (can be repeated)')
            [CompletionResult]::new('--config-map', '--config-map', [CompletionResultType]::ParameterName, 'Mount a project ConfigMap (can be repeated)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Mount a project secret (can be repeated)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Container port (can be repeated)')
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'Container argument (can be repeated)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every service of the project (implied by a filter without --to)')
            [CompletionResult]::new('--native', '--native', [CompletionResultType]::ParameterName, 'Kubernetes: add a native sidecar (an init container with `restartPolicy: Always`)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;clone' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Source service')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target services (comma-separated; can be repeated)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('--on-conflict', '--on-conflict', [CompletionResultType]::ParameterName, 'What to do when a target already has a container of that name')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every other service (implied by a filter without --to)')
            [CompletionResult]::new('--native', '--native', [CompletionResultType]::ParameterName, 'Kubernetes: make the copy a native sidecar')
            [CompletionResult]::new('--classic', '--classic', [CompletionResultType]::ParameterName, 'Kubernetes: make the copy a classic sidecar')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;edit' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Services to change (comma-separated; can be repeated)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('--if-image', '--if-image', [CompletionResultType]::ParameterName, 'Only where the sidecar''s current image matches the glob (e.g. `*:v1.30.*`)')
            [CompletionResult]::new('--cpu-request', '--cpu-request', [CompletionResultType]::ParameterName, 'CPU request: `resources.requests.cpu` (Kubernetes), `cpuLimits.min` (Mia, Console)')
            [CompletionResult]::new('--cpu-limit', '--cpu-limit', [CompletionResultType]::ParameterName, 'CPU limit: `resources.limits.cpu` (Kubernetes), `cpuLimits.max` (Mia, Console)')
            [CompletionResult]::new('--memory-request', '--memory-request', [CompletionResultType]::ParameterName, 'Memory request: `resources.requests.memory` (Kubernetes), `memoryLimits.min` (Mia, Console)')
            [CompletionResult]::new('--memory-limit', '--memory-limit', [CompletionResultType]::ParameterName, 'Memory limit: `resources.limits.memory` (Kubernetes), `memoryLimits.max` (Mia, Console)')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Container image')
            [CompletionResult]::new('--placement', '--placement', [CompletionResultType]::ParameterName, 'Kubernetes: move the sidecar to `containers` (classic) or `initContainers` (native)')
            [CompletionResult]::new('--from-marketplace', '--from-marketplace', [CompletionResultType]::ParameterName, 'Upgrade from a marketplace item (default: the sidecar''s catalog item, whose `resources.name` is the sidecar''s name): its image, and in Mia and Console projects `sourceMarketplaceItem`')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Set an environment variable, added when missing (can be repeated)')
            [CompletionResult]::new('--unset-env', '--unset-env', [CompletionResultType]::ParameterName, 'Remove an environment variable (can be repeated)')
            [CompletionResult]::new('--arg', '--arg', [CompletionResultType]::ParameterName, 'The arguments: the whole list is replaced by those given (can be repeated)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Add a port, or replace the port of that name (can be repeated)')
            [CompletionResult]::new('--unset-port', '--unset-port', [CompletionResultType]::ParameterName, 'Remove the port of that name (can be repeated)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every service that has the sidecar (implied by a filter without --service)')
            [CompletionResult]::new('--skip-unreadable', '--skip-unreadable', [CompletionResultType]::ParameterName, 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing')
            [CompletionResult]::new('--reset-resources', '--reset-resources', [CompletionResultType]::ParameterName, 'With --from-marketplace: take the item''s default resources too (else they are kept)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --env: also replace a variable that takes its value from elsewhere (`valueFrom`, a `valueType` other than `plain`)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;delete' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Services to remove it from (comma-separated; can be repeated)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Only services whose ID (a service''s name) matches this glob (repeatable: any)')
            [CompletionResult]::new('--with', '--with', [CompletionResultType]::ParameterName, 'Only services that have a container of this name (repeatable: all)')
            [CompletionResult]::new('--without', '--without', [CompletionResultType]::ParameterName, 'Only services that lack a container of this name (repeatable: all)')
            [CompletionResult]::new('--targets-from', '--targets-from', [CompletionResultType]::ParameterName, 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`')
            [CompletionResult]::new('--if-image', '--if-image', [CompletionResultType]::ParameterName, 'Only where the sidecar''s current image matches the glob (e.g. `*:v1.30.*`)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every service: removes the sidecar from the project (with filters: from those they keep; implied by a filter without --service)')
            [CompletionResult]::new('--skip-unreadable', '--skip-unreadable', [CompletionResultType]::ParameterName, 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing')
            [CompletionResult]::new('--keep-empty-patches', '--keep-empty-patches', [CompletionResultType]::ParameterName, 'Keep a patch left with nothing to change (its file stays, named in its kustomization) instead of deleting it and its entry')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;marketplace' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the marketplace items')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one marketplace item')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Write a marketplace item built from a service''s sidecar')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sidecarctl;marketplace;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;marketplace;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;marketplace;publish' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Service whose sidecar is published')
            [CompletionResult]::new('--item-id', '--item-id', [CompletionResultType]::ParameterName, 'Item id (default: the sidecar name)')
            [CompletionResult]::new('--tenant-id', '--tenant-id', [CompletionResultType]::ParameterName, 'Tenant id (default: the sidecar''s marketplace tenant, else the project name)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;marketplace;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the marketplace items')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one marketplace item')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Write a marketplace item built from a service''s sidecar')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sidecarctl;marketplace;help;list' {
            break
        }
        'sidecarctl;marketplace;help;show' {
            break
        }
        'sidecarctl;marketplace;help;publish' {
            break
        }
        'sidecarctl;marketplace;help;help' {
            break
        }
        'sidecarctl;validate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; a missing argument is an error')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required to delete without a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Change nothing; print the unified diff of every file that would change')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sidecarctl;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new project (project file, services/, marketplace/)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every sidecar and the services using it')
            [CompletionResult]::new('drift', 'drift', [CompletionResultType]::ParameterValue, 'Show each sidecar''s images in use, newest first, against its catalog item')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the full configuration of one sidecar in one service')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'List the services (IDs), narrowed by filters')
            [CompletionResult]::new('containers', 'containers', [CompletionResultType]::ParameterValue, 'Show a service''s main container and every sidecar')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Add a new sidecar, from a docker image or a marketplace item, to one or more services')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Copy a service''s sidecar entry into other services')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a sidecar''s resources, image, variables, arguments and ports in some or all services')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Remove a sidecar from some services, or from the whole project')
            [CompletionResult]::new('marketplace', 'marketplace', [CompletionResultType]::ParameterValue, 'The sidecar items of the project''s marketplace folder')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check the whole project; exit 1 when any error is found')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sidecarctl;help;init' {
            break
        }
        'sidecarctl;help;list' {
            break
        }
        'sidecarctl;help;drift' {
            break
        }
        'sidecarctl;help;show' {
            break
        }
        'sidecarctl;help;services' {
            break
        }
        'sidecarctl;help;containers' {
            break
        }
        'sidecarctl;help;create' {
            break
        }
        'sidecarctl;help;clone' {
            break
        }
        'sidecarctl;help;edit' {
            break
        }
        'sidecarctl;help;delete' {
            break
        }
        'sidecarctl;help;marketplace' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the marketplace items')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one marketplace item')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Write a marketplace item built from a service''s sidecar')
            break
        }
        'sidecarctl;help;marketplace;list' {
            break
        }
        'sidecarctl;help;marketplace;show' {
            break
        }
        'sidecarctl;help;marketplace;publish' {
            break
        }
        'sidecarctl;help;validate' {
            break
        }
        'sidecarctl;help;completions' {
            break
        }
        'sidecarctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
