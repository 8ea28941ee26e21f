// JUnit XML for CI systems that show test reports: a suite per file, a test case per finding (a failure when it
// fails the run: errors, and warnings with --strict), and one passing case for a file without findings.
import type {Diagnostic, LintResult} from '../../lint/lint.js';

const escape = (text: string) => text.replace(/[<>&"']/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;'})[c]!)
  // XML 1.0 cannot carry most control characters, even escaped.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

export function renderJunit(result: LintResult, files: readonly string[], strict: boolean): string {
  const fails = (d: Diagnostic) => d.severity === 'error' || (strict && d.severity === 'warning');
  const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f, []]));
  for (const d of result.diagnostics) (byFile.get(d.file) ?? byFile.set(d.file, []).get(d.file)!).push(d);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [file, diagnostics] of byFile) {
    const cases = diagnostics.length === 0
      ? [`    <testcase name="${escape(file)}" classname="${escape(file)}"/>`]
      : diagnostics.map((d) => {
        const name = escape(`${d.rule} ${d.file}:${d.line}:${d.column}`);
        const body = escape(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
        return fails(d)
          ? `    <testcase name="${name}" classname="${escape(file)}">\n      <failure message="${escape(d.message)}" type="${d.severity}">${body}</failure>\n    </testcase>`
          : `    <testcase name="${name}" classname="${escape(file)}">\n      <system-out>${body}</system-out>\n    </testcase>`;
      });
    const suiteFailures = diagnostics.filter(fails).length;
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${escape(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="d8 metallb lint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
