
use builtin;
use str;

set edit:completion:arg-completer[sidecarctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sidecarctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sidecarctl'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new project (project file, services/, marketplace/)'
            cand list 'List every sidecar and the services using it'
            cand drift 'Show each sidecar''s images in use, newest first, against its catalog item'
            cand show 'Show the full configuration of one sidecar in one service'
            cand services 'List the services (IDs), narrowed by filters'
            cand containers 'Show a service''s main container and every sidecar'
            cand create 'Add a new sidecar, from a docker image or a marketplace item, to one or more services'
            cand clone 'Copy a service''s sidecar entry into other services'
            cand edit 'Change a sidecar''s resources, image, variables, arguments and ports in some or all services'
            cand delete 'Remove a sidecar from some services, or from the whole project'
            cand marketplace 'The sidecar items of the project''s marketplace folder'
            cand validate 'Check the whole project; exit 1 when any error is found'
            cand completions 'Print the completion script for a shell'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sidecarctl;init'= {
            cand --name 'Project name (default: the folder''s name)'
            cand --format 'What the project holds: Mia service files, Kubernetes manifests or a Console project configuration (for the last two, only the project file is written)'
            cand --file 'With --format console: the Console configuration, inside the folder (default: api-console-config.json, else the one JSON file there that is one)'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;list'= {
            cand --service 'Only these services (comma-separated; can be repeated)'
            cand --sidecar 'Only this sidecar'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;drift'= {
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --fail-on-drift 'Exit 1 when a sidecar listed drifted: more than one image in use, or one that is not its catalog item''s'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;show'= {
            cand --service 'Service holding it (needed when several services have it)'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --raw 'Print the entry''s text exactly as it stands in the file'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;services'= {
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;containers'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;create'= {
            cand --image 'Docker image'
            cand --from-marketplace 'Marketplace item id'
            cand --to 'Target services (comma-separated; can be repeated)'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand --cpu 'CPU request and limit'
            cand --memory 'Memory request and limit'
            cand --env 'Environment variable (can be repeated)'
            cand --config-map 'Mount a project ConfigMap (can be repeated)'
            cand --secret 'Mount a project secret (can be repeated)'
            cand --port 'Container port (can be repeated)'
            cand --arg 'Container argument (can be repeated)'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all 'Every service of the project (implied by a filter without --to)'
            cand --native 'Kubernetes: add a native sidecar (an init container with `restartPolicy: Always`)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;clone'= {
            cand --from 'Source service'
            cand --to 'Target services (comma-separated; can be repeated)'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand --on-conflict 'What to do when a target already has a container of that name'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all 'Every other service (implied by a filter without --to)'
            cand --native 'Kubernetes: make the copy a native sidecar'
            cand --classic 'Kubernetes: make the copy a classic sidecar'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;edit'= {
            cand --service 'Services to change (comma-separated; can be repeated)'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand --if-image 'Only where the sidecar''s current image matches the glob (e.g. `*:v1.30.*`)'
            cand --cpu-request 'CPU request: `resources.requests.cpu` (Kubernetes), `cpuLimits.min` (Mia, Console)'
            cand --cpu-limit 'CPU limit: `resources.limits.cpu` (Kubernetes), `cpuLimits.max` (Mia, Console)'
            cand --memory-request 'Memory request: `resources.requests.memory` (Kubernetes), `memoryLimits.min` (Mia, Console)'
            cand --memory-limit 'Memory limit: `resources.limits.memory` (Kubernetes), `memoryLimits.max` (Mia, Console)'
            cand --image 'Container image'
            cand --placement 'Kubernetes: move the sidecar to `containers` (classic) or `initContainers` (native)'
            cand --from-marketplace 'Upgrade from a marketplace item (default: the sidecar''s catalog item, whose `resources.name` is the sidecar''s name): its image, and in Mia and Console projects `sourceMarketplaceItem`'
            cand --env 'Set an environment variable, added when missing (can be repeated)'
            cand --unset-env 'Remove an environment variable (can be repeated)'
            cand --arg 'The arguments: the whole list is replaced by those given (can be repeated)'
            cand --port 'Add a port, or replace the port of that name (can be repeated)'
            cand --unset-port 'Remove the port of that name (can be repeated)'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all 'Every service that has the sidecar (implied by a filter without --service)'
            cand --skip-unreadable 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing'
            cand --reset-resources 'With --from-marketplace: take the item''s default resources too (else they are kept)'
            cand --force 'With --env: also replace a variable that takes its value from elsewhere (`valueFrom`, a `valueType` other than `plain`)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;delete'= {
            cand --service 'Services to remove it from (comma-separated; can be repeated)'
            cand --namespace 'Only workloads in a namespace matching this glob (repeatable: any; Kubernetes only)'
            cand -l 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --selector 'Only services whose labels match this selector (kubectl syntax: `a=b,c!=d,e,!f,g in (x,y)`)'
            cand --kind 'Only workloads of this kind, e.g. Deployment (repeatable: any; Kubernetes only)'
            cand --match 'Only services whose ID (a service''s name) matches this glob (repeatable: any)'
            cand --with 'Only services that have a container of this name (repeatable: all)'
            cand --without 'Only services that lack a container of this name (repeatable: all)'
            cand --targets-from 'Only the services named in FILE, one a line (`-`: stdin; `#` comments and blank lines are ignored), e.g. the output of `sidecarctl services -o name`'
            cand --if-image 'Only where the sidecar''s current image matches the glob (e.g. `*:v1.30.*`)'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --all 'Every service: removes the sidecar from the project (with filters: from those they keep; implied by a filter without --service)'
            cand --skip-unreadable 'With --all (or filters without --service): when a file that names the sidecar cannot be read (a template, a syntax error), change the rest and report it as skipped instead of refusing'
            cand --keep-empty-patches 'Keep a patch left with nothing to change (its file stays, named in its kustomization) instead of deleting it and its entry'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;marketplace'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List the marketplace items'
            cand show 'Show one marketplace item'
            cand publish 'Write a marketplace item built from a service''s sidecar'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sidecarctl;marketplace;list'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;marketplace;show'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;marketplace;publish'= {
            cand --service 'Service whose sidecar is published'
            cand --item-id 'Item id (default: the sidecar name)'
            cand --tenant-id 'Tenant id (default: the sidecar''s marketplace tenant, else the project name)'
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;marketplace;help'= {
            cand list 'List the marketplace items'
            cand show 'Show one marketplace item'
            cand publish 'Write a marketplace item built from a service''s sidecar'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sidecarctl;marketplace;help;list'= {
        }
        &'sidecarctl;marketplace;help;show'= {
        }
        &'sidecarctl;marketplace;help;publish'= {
        }
        &'sidecarctl;marketplace;help;help'= {
        }
        &'sidecarctl;validate'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;completions'= {
            cand -C 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand --project 'Project folder, or one file: a Kubernetes manifest, or a Console project configuration (`miactl project describe … -o json` output, or api-console-config.json). Default: $SIDECARCTL_PROJECT, else the nearest folder above the current one holding sidecarctl.yaml (format mia, kubernetes or console), else the current folder when it holds manifests or api-console-config.json'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --color 'When to use colour (NO_COLOR is honoured)'
            cand --no-input 'Never prompt; a missing argument is an error'
            cand -y 'Answer yes to confirmations (required to delete without a terminal)'
            cand --yes 'Answer yes to confirmations (required to delete without a terminal)'
            cand --dry-run 'Change nothing; print the unified diff of every file that would change'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sidecarctl;help'= {
            cand init 'Create a new project (project file, services/, marketplace/)'
            cand list 'List every sidecar and the services using it'
            cand drift 'Show each sidecar''s images in use, newest first, against its catalog item'
            cand show 'Show the full configuration of one sidecar in one service'
            cand services 'List the services (IDs), narrowed by filters'
            cand containers 'Show a service''s main container and every sidecar'
            cand create 'Add a new sidecar, from a docker image or a marketplace item, to one or more services'
            cand clone 'Copy a service''s sidecar entry into other services'
            cand edit 'Change a sidecar''s resources, image, variables, arguments and ports in some or all services'
            cand delete 'Remove a sidecar from some services, or from the whole project'
            cand marketplace 'The sidecar items of the project''s marketplace folder'
            cand validate 'Check the whole project; exit 1 when any error is found'
            cand completions 'Print the completion script for a shell'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sidecarctl;help;init'= {
        }
        &'sidecarctl;help;list'= {
        }
        &'sidecarctl;help;drift'= {
        }
        &'sidecarctl;help;show'= {
        }
        &'sidecarctl;help;services'= {
        }
        &'sidecarctl;help;containers'= {
        }
        &'sidecarctl;help;create'= {
        }
        &'sidecarctl;help;clone'= {
        }
        &'sidecarctl;help;edit'= {
        }
        &'sidecarctl;help;delete'= {
        }
        &'sidecarctl;help;marketplace'= {
            cand list 'List the marketplace items'
            cand show 'Show one marketplace item'
            cand publish 'Write a marketplace item built from a service''s sidecar'
        }
        &'sidecarctl;help;marketplace;list'= {
        }
        &'sidecarctl;help;marketplace;show'= {
        }
        &'sidecarctl;help;marketplace;publish'= {
        }
        &'sidecarctl;help;validate'= {
        }
        &'sidecarctl;help;completions'= {
        }
        &'sidecarctl;help;help'= {
        }
    ]
    $completions[$command]
}
