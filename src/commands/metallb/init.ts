import {Flags} from '@oclif/core';
import {checkOutputFile, writeOutputFile} from '../../cli/write-output.js';
import {UserError} from '../../lib/errors.js';
import {lint} from '../../lib/lint/lint.js';
import {MetallbCommand} from '../../cli/base-command.js';
import {parseSettingsVersion} from '../../lib/manifests/module-config/index.js';
import {type InitAnswers, buildInitManifests, completeInit} from '../../lib/prompts/init-wizard.js';
import {type Prompter, createInquirerPrompter, missingValuesError} from '../../lib/prompts/prompter.js';
import {CLASS_FLAG_SUBJECTS, SERVICE_FLAG_SUBJECTS} from '../../cli/subjects.js';
import {MANIFEST_FORMATS, renderManifests, type ManifestFormat} from '../../lib/render/manifests.js';

export default class Init extends MetallbCommand {
  static override summary = 'Walk through the documentation\'s L2 example: enable the module, create a class and a Service.';
  static override description = `On a terminal every value is asked for, with the documentation's example as the default. Without a terminal
(or with --no-input) the flags and those defaults are used, and only --pool is required. The result is one
multi-document YAML, on stdout or in --output-file.`;

  static override examples = [
    {description: 'Interactive:', command: '<%= config.bin %> metallb init --output-file metallb.yaml'},
    {description: 'The documentation\'s example, without questions:', command: '<%= config.bin %> metallb init --pool 192.168.2.100-192.168.2.150 --no-input'},
  ];

  static override flags = {
    'config-version': Flags.string({description: 'ModuleConfig spec.version (1, 2 or 3). Default: 2.'}),
    'class-name': Flags.string({description: 'MetalLoadBalancerClass name. Default: ingress.'}),
    pool: Flags.string({char: 'p', multiple: true, multipleNonGreedy: true, description: 'Address pool entry (CIDR or range) from your network. Repeatable.'}),
    'node-selector': Flags.string({multiple: true, multipleNonGreedy: true, description: 'Label key=value of the announcing nodes. Default: node-role.kubernetes.io/loadbalancer=.'}),
    interface: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Interface to announce on. Default: every interface.'}),
    default: Flags.boolean({allowNo: true, description: 'Make the class the default class. Default: no.'}),
    'service-name': Flags.string({description: 'Service name. Default: nginx-deployment.'}),
    namespace: Flags.string({char: 'n', description: 'Service namespace. Default: none (the current one).'}),
    port: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Service port PORT[:TARGET][/PROTOCOL]. Default: 8000:80/TCP.'}),
    selector: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Pod selector key=value. Default: app=nginx.'}),
    ips: Flags.string({description: 'Number of public addresses. Default: 3.'}),
    'output-file': Flags.string({description: 'Write the YAML to this file instead of stdout.'}),
    overwrite: Flags.boolean({description: 'Replace --output-file if it exists.'}),
    output: Flags.string({char: 'o', options: [...MANIFEST_FORMATS], default: 'yaml', description: 'Output format.'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Init);
    const target = flags['output-file'];
    if (target !== undefined) checkOutputFile(target, '--output-file', flags.overwrite);
    const given: InitAnswers = {
      ...(flags['config-version'] === undefined ? {} : {version: parseSettingsVersion(flags['config-version'])}),
      class: {
        ...(flags['class-name'] === undefined ? {} : {name: flags['class-name']}),
        ...(flags.pool ? {pools: flags.pool} : {}),
        ...(flags['node-selector'] ? {nodeSelector: flags['node-selector']} : {}),
        ...(flags.interface ? {interfaces: flags.interface} : {}),
        ...(flags.default === undefined ? {} : {isDefault: flags.default}),
      },
      service: {
        ...(flags['service-name'] === undefined ? {} : {name: flags['service-name']}),
        ...(flags.namespace === undefined ? {} : {namespace: flags.namespace}),
        ...(flags.port ? {ports: flags.port} : {}),
        ...(flags.selector ? {selector: flags.selector} : {}),
        ...(flags.ips === undefined ? {} : {ipsCount: flags.ips}),
      },
    };
    // On a terminal every question is asked; otherwise the documentation's defaults fill all but the pool.
    let prompter: Prompter | undefined;
    if (this.canPrompt()) prompter = await createInquirerPrompter();
    else if (!flags.pool) throw missingValuesError(['--pool'], this.interactivity(), 'd8 metallb init --pool 192.168.2.100-192.168.2.150 --no-input');
    const answers = await completeInit(given, prompter);
    const {manifests, warnings} = await buildInitManifests(answers, {
      class: {...CLASS_FLAG_SUBJECTS, name: '--class-name'},
      service: {...SERVICE_FLAG_SUBJECTS, name: '--service-name', className: '--class-name'},
    });
    this.notify(warnings);
    const text = renderManifests(manifests, flags.output as ManifestFormat);
    // What init writes must pass the tool's own lint: the answers together can break what each allows alone
    // (three addresses asked of a /31 pool).
    const errors = lint([{file: 'init', text: renderManifests(manifests, 'yaml')}]).diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new UserError(`these answers make manifests the module cannot serve: ${errors[0]!.message.replace(/\.$/, '')}.`, {details: errors.slice(1).map((d) => d.message)});
    if (target === undefined) {
      this.writeResult(text);
      return;
    }
    await writeOutputFile(target, '--output-file', text);
    this.notice('info', `Wrote ${manifests.length} objects to ${target}; apply them with 'd8 k apply -f ${target}'.`);
  }
}
