// How problems name each value on the command line: by the flag that gave it.
import type {ClassSubjects} from '../lib/manifests/metal-load-balancer-class.js';
import type {ServiceSubjects} from '../lib/manifests/service.js';

export const CLASS_FLAG_SUBJECTS: ClassSubjects = {
  name: 'NAME', pool: '--pool', nodeSelector: '--node-selector', interface: '--interface', type: '--type',
};

export const SERVICE_FLAG_SUBJECTS: ServiceSubjects = {
  name: 'NAME', namespace: '--namespace', className: '--class', port: '--port', selector: '--selector', ipsCount: '--ips',
  loadBalancerIps: '--load-balancer-ips', sharedIpKey: '--shared-ip-key', externalTrafficPolicy: '--external-traffic-policy',
};
