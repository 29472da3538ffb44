# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sidecarctl_global_optspecs
    string join \n C/project= o/output= no-input y/yes dry-run color= q/quiet h/help V/version
end

function __fish_sidecarctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sidecarctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sidecarctl_using_subcommand
    set -l cmd (__fish_sidecarctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -s V -l version -d 'Print version'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "init" -d 'Create a new project (project file, services/, marketplace/)'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "list" -d 'List every sidecar and the services using it'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "drift" -d 'Show each sidecar\'s images in use, newest first, against its catalog item'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "show" -d 'Show the full configuration of one sidecar in one service'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "services" -d 'List the services (IDs), narrowed by filters'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "containers" -d 'Show a service\'s main container and every sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "create" -d 'Add a new sidecar, from a docker image or a marketplace item, to one or more services'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "clone" -d 'Copy a service\'s sidecar entry into other services'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "edit" -d 'Change a sidecar\'s resources, image, variables, arguments and ports in some or all services'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "delete" -d 'Remove a sidecar from some services, or from the whole project'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "marketplace" -d 'The sidecar items of the project\'s marketplace folder'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "validate" -d 'Check the whole project; exit 1 when any error is found'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c sidecarctl -n "__fish_sidecarctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l name -d 'Project name (default: the folder\'s name)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l format -d 'What the project holds: Mia service files, Kubernetes manifests or a Console project configuration (for the last two, only the project file is written)' -r -f -a "mia\t'Service files under services/ (SPEC §1)'
kubernetes\t'Plain Kubernetes workload manifests (SPEC §6.2)'
console\t'A Console project configuration: `miactl project describe … -o json` output or api-console-config.json (SPEC §6.3)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l file -d 'With --format console: the Console configuration, inside the folder (default: api-console-config.json, else the one JSON file there that is one)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l service -d 'Only these services (comma-separated; can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l sidecar -d 'Only this sidecar' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l fail-on-drift -d 'Exit 1 when a sidecar listed drifted: more than one image in use, or one that is not its catalog item\'s'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand drift" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l service -d 'Service holding it (needed when several services have it)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l raw -d 'Print the entry\'s text exactly as it stands in the file'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand services" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand containers" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l image -d 'Docker image' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l from-marketplace -d 'Marketplace item id' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l to -d 'Target services (comma-separated; can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l cpu -d 'CPU request and limit' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l memory -d 'Memory request and limit' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l env -d 'Environment variable (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l config-map -d 'Mount a project ConfigMap (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l secret -d 'Mount a project secret (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l port -d 'Container port (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l arg -d 'Container argument (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l all -d 'Every service of the project (implied by a filter without --to)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l native -d 'Kubernetes: add a native sidecar (an init container with `restartPolicy: Always`)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l from -d 'Source service' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l to -d 'Target services (comma-separated; can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l on-conflict -d 'What to do when a target already has a container of that name' -r -f -a "fail\t'Change nothing at all'
skip\t'Leave that target as it is and report it'
replace\t'Overwrite the target\'s entry in place'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l all -d 'Every other service (implied by a filter without --to)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l native -d 'Kubernetes: make the copy a native sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l classic -d 'Kubernetes: make the copy a classic sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand clone" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l service -d 'Services to change (comma-separated; can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l if-image -d 'Only where the sidecar\'s current image matches the glob (e.g. `*:v1.30.*`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l cpu-request -d 'CPU request: `resources.requests.cpu` (Kubernetes), `cpuLimits.min` (Mia, Console)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l cpu-limit -d 'CPU limit: `resources.limits.cpu` (Kubernetes), `cpuLimits.max` (Mia, Console)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l memory-request -d 'Memory request: `resources.requests.memory` (Kubernetes), `memoryLimits.min` (Mia, Console)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l memory-limit -d 'Memory limit: `resources.limits.memory` (Kubernetes), `memoryLimits.max` (Mia, Console)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l image -d 'Container image' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l placement -d 'Kubernetes: move the sidecar to `containers` (classic) or `initContainers` (native)' -r -f -a "classic\t'In `containers`'
native\t'In `initContainers` with `restartPolicy: Always` (Kubernetes 1.33+)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l from-marketplace -d 'Upgrade from a marketplace item (default: the sidecar\'s catalog item, whose `resources.name` is the sidecar\'s name): its image, and in Mia and Console projects `sourceMarketplaceItem`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l env -d 'Set an environment variable, added when missing (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l unset-env -d 'Remove an environment variable (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l arg -d 'The arguments: the whole list is replaced by those given (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l port -d 'Add a port, or replace the port of that name (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l unset-port -d 'Remove the port of that name (can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l all -d 'Every service that has the sidecar (implied by a filter without --service)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l skip-unreadable -d 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l reset-resources -d 'With --from-marketplace: take the item\'s default resources too (else they are kept)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l force -d 'With --env: also replace a variable that takes its value from elsewhere (`valueFrom`, a `valueType` other than `plain`)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l service -d 'Services to remove it from (comma-separated; can be repeated)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l namespace -d 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s l -l selector -d 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l kind -d 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l match -d 'Only services whose ID (a service\'s name) matches this glob (repeatable: any)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l with -d 'Only services that have a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l without -d 'Only services that lack a container of this name (repeatable: all)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l targets-from -d 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l if-image -d 'Only where the sidecar\'s current image matches the glob (e.g. `*:v1.30.*`)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l all -d 'Every service: removes the sidecar from the project (with filters: from those they keep; implied by a filter without --service)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l skip-unreadable -d 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l keep-empty-patches -d 'Keep a patch left with nothing to change (its file stays, named in its kustomization) instead of deleting it and its entry'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -f -a "list" -d 'List the marketplace items'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -f -a "show" -d 'Show one marketplace item'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -f -a "publish" -d 'Write a marketplace item built from a service\'s sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and not __fish_seen_subcommand_from list show publish help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l service -d 'Service whose sidecar is published' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l item-id -d 'Item id (default: the sidecar name)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l tenant-id -d 'Tenant id (default: the sidecar\'s marketplace tenant, else the project name)' -r
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the marketplace items'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one marketplace item'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from help" -f -a "publish" -d 'Write a marketplace item built from a service\'s sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand marketplace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -s C -l project -d 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json' -r -F
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "table\t'A table for people'
wide\t'A table with ConfigMaps, Secrets and the file'
json\t'JSON for scripts'
yaml\t'YAML for scripts'
name\t'One service ID a line, for `--targets-from -` (services, list --without)'
github\t'GitHub Actions annotations (validate only)'
sarif\t'SARIF 2.1.0 for code scanning (validate only)'
codeclimate\t'Code Climate JSON for GitLab code quality (validate only)'
junit\t'JUnit XML for GitLab, Jenkins and Azure DevOps test reports (validate only)'"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -l no-input -d 'Never prompt; a missing argument is an error'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (required to delete without a terminal)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -l dry-run -d 'Change nothing; print the unified diff of every file that would change'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -s q -l quiet -d 'Print only data and errors'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "init" -d 'Create a new project (project file, services/, marketplace/)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "list" -d 'List every sidecar and the services using it'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "drift" -d 'Show each sidecar\'s images in use, newest first, against its catalog item'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "show" -d 'Show the full configuration of one sidecar in one service'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "services" -d 'List the services (IDs), narrowed by filters'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "containers" -d 'Show a service\'s main container and every sidecar'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "create" -d 'Add a new sidecar, from a docker image or a marketplace item, to one or more services'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "clone" -d 'Copy a service\'s sidecar entry into other services'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "edit" -d 'Change a sidecar\'s resources, image, variables, arguments and ports in some or all services'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "delete" -d 'Remove a sidecar from some services, or from the whole project'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "marketplace" -d 'The sidecar items of the project\'s marketplace folder'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "validate" -d 'Check the whole project; exit 1 when any error is found'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and not __fish_seen_subcommand_from init list drift show services containers create clone edit delete marketplace validate completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and __fish_seen_subcommand_from marketplace" -f -a "list" -d 'List the marketplace items'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and __fish_seen_subcommand_from marketplace" -f -a "show" -d 'Show one marketplace item'
complete -c sidecarctl -n "__fish_sidecarctl_using_subcommand help; and __fish_seen_subcommand_from marketplace" -f -a "publish" -d 'Write a marketplace item built from a service\'s sidecar'
