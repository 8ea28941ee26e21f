import {Args, Flags} from '@oclif/core';
import {MetallbCommand, manifestFlags} from '../../../../cli/base-command.js';
import {applyBgpObject, renderAppliedBgp} from '../../../../cli/bgp-objects.js';
import {clusterFlags, connectFromFlags} from '../../../../cli/cluster.js';
import {type PeerInput, buildPeer} from '../../../../lib/bgp/build.js';
import {PASSWORD_LABEL} from '../../../../lib/bgp/from-manifests.js';
import {readPasswordFile} from '../../../../lib/bgp/password.js';
import {BGP_PEERS, type KubeObject} from '../../../../lib/cluster/client.js';
import {ExitCode, UserError} from '../../../../lib/errors.js';
import {askBgpPeer} from '../../../../lib/prompts/wizards.js';
import {renderManifests} from '../../../../lib/render/manifests.js';

export default class BgpPeerCreate extends MetallbCommand {
  static override summary = 'Create a MetalLoadBalancerBGPPeer: a router the speakers open BGP sessions to.';
  static override description = `Values are checked as the CRD and MetalLB check them (IPv4 addresses, ASNs, hold time 0 or at least 3s). With
--password-file the password goes into a Secret labelled network.deckhouse.io/metallb-bgp-password: "true" (without the
label the module never reads it, and the session runs without MD5), which is created too. Missing values are asked for on
a terminal.`;
  static override examples = [
    {description: 'An eBGP router, printed:', command: '<%= config.bin %> metallb bgp peer create r1 --peer-address 192.0.2.1 --peer-asn 64601 --my-asn 64600 --hold-time 9s --dry-run=client'},
    {description: 'With an MD5 password from a file:', command: '<%= config.bin %> metallb bgp peer create r1 --peer-address 192.0.2.1 --peer-asn 64601 --my-asn 64600 --password-file ./r1.password'},
  ];
  static override args = {name: Args.string({description: 'Peer name (configurations name it in bgp.peerNames).'})};
  static override flags = {
    'peer-address': Flags.string({description: 'The router\'s IPv4 address.'}),
    'peer-asn': Flags.string({description: 'The router\'s AS number (1-4294967295).'}),
    'my-asn': Flags.string({description: 'The cluster\'s AS number (equal to --peer-asn for iBGP).'}),
    'hold-time': Flags.string({description: 'BGP hold time, e.g. 90s (0, or 3s and more; keepalives every third of it).'}),
    'peer-port': Flags.string({description: 'The router\'s TCP port (default 179).'}),
    'router-id': Flags.string({description: 'BGP router ID (an IPv4 address; default: the node\'s).'}),
    'source-address': Flags.string({multiple: true, multipleNonGreedy: true, description: 'NODE=ADDRESS: open that node\'s session from that address. Repeatable.'}),
    'password-secret': Flags.string({description: 'NAMESPACE/NAME of the Secret with the MD5 password (key "password"). Default with --password-file: d8-metallb/bgp-password-NAME.'}),
    'password-file': Flags.string({description: 'A file holding the MD5 password: the labelled Secret is written too.'}),
    overwrite: Flags.boolean({description: 'Replace a peer of the same name in the cluster.'}),
    ...manifestFlags,
    ...clusterFlags,
  };

  async run(): Promise<PeerInput> {
    const {args, flags} = await this.parse(BgpPeerCreate);
    const given: Partial<PeerInput> = {
      ...(args.name === undefined ? {} : {name: args.name}),
      ...(flags['peer-address'] === undefined ? {} : {peerAddress: flags['peer-address']}),
      ...(flags['peer-asn'] === undefined ? {} : {peerASN: flags['peer-asn']}),
      ...(flags['my-asn'] === undefined ? {} : {myASN: flags['my-asn']}),
      ...(flags['hold-time'] === undefined ? {} : {holdTime: flags['hold-time']}),
      ...(flags['peer-port'] === undefined ? {} : {peerPort: flags['peer-port']}),
      ...(flags['router-id'] === undefined ? {} : {routerID: flags['router-id']}),
      ...(flags['source-address'] ? {sourceAddresses: flags['source-address']} : {}),
    };
    const missing = [...(given.name === undefined ? ['NAME'] : []), ...(['peer-address', 'peer-asn', 'my-asn'] as const).filter((f) => flags[f] === undefined).map((f) => `--${f}`)];
    const input = await this.askForMissing(given, missing, 'd8 metallb bgp peer create r1 --peer-address 192.0.2.1 --peer-asn 64601 --my-asn 64600 --dry-run=client', (p) => askBgpPeer(given, p));
    const password = flags['password-file'] === undefined ? undefined : readPassword(flags['password-file']);
    const secretRef = flags['password-secret'] ?? (password !== undefined ? `d8-metallb/bgp-password-${input.name}` : undefined);
    const {manifest, warnings} = buildPeer({...input, ...(secretRef ? {passwordSecret: secretRef} : {})}, {
      name: 'NAME', peerAddress: '--peer-address', peerASN: '--peer-asn', myASN: '--my-asn', holdTime: '--hold-time', peerPort: '--peer-port', routerID: '--router-id', sourceAddresses: '--source-address', passwordSecret: '--password-secret',
    });
    this.notify(warnings);
    const secret = password === undefined || !secretRef ? undefined : passwordSecret(secretRef, password);
    if (flags['dry-run'] === 'client') {
      this.writeResult(renderManifests(secret ? [secret, manifest] : [manifest], flags.output as 'yaml' | 'json' | 'name' | undefined));
      return input;
    }
    const client = await connectFromFlags(flags);
    const dryRun = flags['dry-run'] === 'server';
    if (secret) {
      // The peer's name is checked first: a Secret for a peer that then fails would be left behind.
      if ((await client.list(BGP_PEERS)).some((p) => p.metadata.name === manifest.metadata.name) && !flags.overwrite) {
        throw new UserError(`MetalLoadBalancerBGPPeer ${JSON.stringify(manifest.metadata.name)} already exists in the cluster; choose another name, or add --overwrite to replace it.`, {exitCode: ExitCode.Cluster});
      }
      await client.createSecret(secret.metadata.namespace!, secret, dryRun).catch((error: unknown) => {
        if (error instanceof UserError && /not found \(404\)/.test(error.message)) {
          throw new UserError(`namespace ${secret.metadata.namespace} does not exist, so the password Secret cannot be written there; give --password-secret NAMESPACE/NAME in an existing namespace.`, {exitCode: ExitCode.Cluster});
        }
        throw error;
      });
      this.notice('info', `Secret '${secret.metadata.namespace}/${secret.metadata.name}' created with the label ${PASSWORD_LABEL}: "true"${dryRun ? ' (server dry run: nothing was saved)' : ''}.`);
    }
    const {object, action, warnings: more} = await applyBgpObject(client, 'peer', manifest, {overwrite: flags.overwrite, dryRun});
    for (const w of more) this.notice('warning', w);
    this.writeResult(renderAppliedBgp('peer', object, flags.output));
    this.notice('info', `MetalLoadBalancerBGPPeer '${manifest.metadata.name}' ${action}${dryRun ? ' (server dry run: nothing was saved)' : ''}.`);
    return input;
  }
}

function readPassword(path: string): string {
  const read = readPasswordFile(path);
  if ('problem' in read) throw new UserError(`--password-file ${JSON.stringify(path)}: ${read.problem}`);
  return read.password;
}

/** The Secret the module copies for the speaker: basic-auth, key "password", and the label it selects on. */
function passwordSecret(ref: string, password: string): KubeObject {
  const [namespace, name] = ref.split('/') as [string, string];
  return {apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace, labels: {[PASSWORD_LABEL]: 'true'}}, type: 'kubernetes.io/basic-auth', data: {password: Buffer.from(password).toString('base64')}};
}
