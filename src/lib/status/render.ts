// The status report for people: one screen, sections in a fixed order, problems last with their fixes.
import {renderTable} from '../render/table.js';
import type {Style} from '../render/style.js';
import type {StatusReport} from './status.js';

const section = (title: string, body: string) => `${title}\n${body.replace(/^/gm, '  ').trimEnd()}\n`;
const failed = (error: string) => `could not read: ${error.replace(/\.+$/, '')}.\n`;

export function renderStatus(report: StatusReport, style: Style): string {
  const out: string[] = [];
  const m = report.module;
  out.push(section('Module', 'error' in m ? failed(m.error) : renderTable(['ENABLED', 'VERSION', 'PHASE', 'MESSAGE'], [[m.enabled === null ? 'no ModuleConfig' : m.enabled ? 'yes' : 'no', m.version === null ? '-' : String(m.version), m.phase ?? '-', m.message ?? '']])));
  const w = report.workloads;
  out.push(section('Workloads', 'error' in w ? failed(w.error) : renderTable(['NAME', 'READY'], w.map((x) => [x.name, `${x.ready}/${x.total}`]))));
  const c = report.classes;
  out.push(section('Classes', 'error' in c ? failed(c.error) : c.length === 0 ? 'none\n' : renderTable(['NAME', 'DEFAULT', 'SIZE', 'USED', 'FREE', 'UTILISATION', 'NODES'], c.map((x) => [x.name, x.default ? 'yes' : 'no', x.size, x.used, x.free, `${x.utilisation}%`, x.nodes === null ? '?' : String(x.nodes)]))));
  const s = report.services;
  out.push(section('Services', 'error' in s ? failed(s.error) : s.length === 0 ? 'no LoadBalancer Services\n' : renderTable(['SERVICE', 'CLASS', 'ASSIGNED', 'ADDRESSES (NODE)', 'STATUS'], s.map((x) => [x.service, x.class ?? '-', `${x.assigned}/${x.requested}`, x.addresses.map((a) => `${a.ip} (${a.node ?? '?'})`).join(', ') || '-', x.status]))));
  const b = report.bgp;
  if (b) {
    const lines = [
      renderTable(['WORKLOAD', 'READY'], b.workloads.map((w) => [w.name, `${w.ready}/${w.total}`])).trimEnd(),
      `Configuration: controller ${b.configuration.controller}; speaker ${b.configuration.speaker}${b.configuration.alerts.length > 0 ? `; alerts: ${b.configuration.alerts.join(', ')}` : ''}`,
      b.services.length === 0 ? 'no BGP Services' : renderTable(['SERVICE', 'POOL', 'ADDRESS', 'ADVERTISED BY (NODE → PEER)', 'STATUS'], b.services.flatMap((x) => (x.addresses.length === 0 ? [{ip: '-', advertisedBy: []}] : x.addresses).map((a) => [x.service, x.pool ?? '-', a.ip, a.advertisedBy.map((r) => `${r.node}→${r.peer}`).join(', ') || '-', x.status]))).trimEnd(),
      'error' in b.sessions ? `Sessions: could not be read: ${b.sessions.error.replace(/\.+$/, '')}.` : b.sessions.length === 0 ? 'Sessions: none reported' : renderTable(['NODE', 'PEER', 'SESSION'], b.sessions.map((x) => [x.node, x.peer, x.up ? 'up' : 'down'])).trimEnd(),
    ];
    out.push(section('BGP', `${lines.join('\n')}\n`));
  }
  if (report.problems.length > 0) {
    out.push(section('Problems', report.problems.map((p) => `${style.paint(p.severity === 'error' ? 'red' : 'yellow', p.severity === 'error' ? 'ERROR' : 'WARN')}  ${p.subject}: ${p.cause.replace(/\.+$/, '')}.\n       Fix: ${p.fix}`).join('\n')));
  }
  const colour = report.overall === 'OK' ? 'green' : report.overall === 'WARNING' ? 'yellow' : 'red';
  out.push(`Overall: ${style.paint(colour, report.overall)}\n`);
  return out.join('\n');
}
