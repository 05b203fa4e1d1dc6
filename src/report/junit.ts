// JUnit XML (the Ant/Jenkins shape every CI system reads): one test suite per gate, one test case per API in it; a
// case fails when its API fails the gate, and the failure carries the findings and requirements that made it fail.
// Without a gate there is one suite, `assessed`, whose cases pass and report the level and findings on system-out.

import type { GateResult } from '../engine/gates.js';
import { SEVERITIES } from '../model/types.js';
import type { RenderOptions } from './formats.js';
import { showInvisible, singleLineStrings, where } from './text.js';
import type { Report, ReportApi, ReportFinding } from './types.js';

const MAX_LISTED = 200;

/** Text for XML 1.0 content and attribute values: characters XML cannot carry are written as `\uXXXX`. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attr(s: string): string {
  return xmlEscape(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

interface Case {
  name: string;
  classname: string;
  failure?: { type: string; message: string; text: string };
  out?: string;
}

function findingLines(fs: ReportFinding[]): string[] {
  const lines: string[] = [];
  for (const f of fs.slice(0, MAX_LISTED)) {
    lines.push(`${f.severity.toUpperCase()} ${f.ruleId} (${f.owasp.join(', ') || 'no OWASP category'}) at ${where(f.location)} ${f.location.pointer}`);
    lines.push(`  ${f.message}`);
    lines.push(`  Remediation: ${f.remediation}`);
  }
  if (fs.length > MAX_LISTED) lines.push(`… ${fs.length - MAX_LISTED} more findings`);
  return lines;
}

function apiCaseName(a: ReportApi): string {
  return `${a.name}${a.version ? ` ${a.version}` : ''} [${a.id}]`;
}

function summaryLines(a: ReportApi): string[] {
  const m = a.maturity;
  const active = a.findings.filter((f) => !f.suppressed);
  const lines = [
    `${a.name}: maturity level ${m.level} (${m.label}${m.sublevel ? `, ${m.sublevel}` : ''}), ceiling ${m.ceiling}${m.described ? '' : ', security not described'}`,
    `Sensitivity ${a.governance.sensitivity.class}: target level ${a.governance.target} (${a.governance.meetsTarget ? 'met' : 'not met'})${a.governance.exception ? `; exception ${a.governance.exception.status} until ${a.governance.exception.expires} (${a.governance.exception.owner})` : ''}`,
    `Sources: ${a.sources.join(', ')}`,
    `Operations: ${a.operations.length}; findings: ${active.length}${a.findings.length > active.length ? ` (${a.findings.length - active.length} suppressed)` : ''}`,
  ];
  if (m.nextStep) lines.push(`Next step to level ${m.nextStep.level}: ${m.nextStep.requirement} ${m.nextStep.title}. ${m.nextStep.remediation}`);
  return lines;
}

function blockingText(a: ReportApi, required: number, requirement: string): string {
  const blocking = a.maturity.unmet.filter((u) => u.status !== 'n/a' && u.role === 'gate' && u.level <= required);
  return [
    `${a.name} is at maturity level ${a.maturity.level} (${a.maturity.label}); ${requirement}.`,
    '',
    'Requirements not met up to that level:',
    ...blocking.map((u) => `${u.requirement} (level ${u.level}, ${u.status}): ${u.title}. ${u.reason}.${u.operationCount ? ` Operations: ${u.operations.slice(0, 5).join(', ')}${u.operationCount > 5 ? `, and ${u.operationCount - 5} more` : ''}.` : ''}\n  Remediation: ${u.remediation}${u.status === 'unknown' && u.settleWith ? `\n  Would settle it: ${u.settleWith}` : ''}`),
    '',
    'Findings:',
    ...findingLines(a.findings.filter((f) => !f.suppressed)),
  ].join('\n');
}

const atOrAbove = (threshold: string) => {
  const rank = SEVERITIES.indexOf(threshold as (typeof SEVERITIES)[number]);
  return (f: ReportFinding) => !f.suppressed && SEVERITIES.indexOf(f.severity) >= rank;
};

function casesFor(report: Report, g: GateResult): Case[] {
  const classname = `api-maturity.${g.gate}`;
  const byId = new Map(g.perApi.map((p) => [p.apiId, p]));
  const cases: Case[] = report.apis.map((a) => {
    const p = byId.get(a.id);
    const c: Case = { name: apiCaseName(a), classname, out: summaryLines(a).join('\n') };
    if (!p || p.passed) return c;
    const message = p.details[0] ?? `${a.name} fails --${g.gate}`;
    if (g.gate === 'fail-below') {
      c.failure = { type: g.gate, message, text: blockingText(a, Number.parseInt(g.threshold, 10), `the gate requires ${g.threshold}`) };
    } else if (g.gate === 'fail-below-target') {
      const t = a.governance.target;
      c.failure = { type: g.gate, message, text: blockingText(a, t, `its target as ${a.governance.sensitivity.class === 'internal' ? 'an' : 'a'} ${a.governance.sensitivity.class} API is ${t}`) };
    } else if (g.gate === 'fail-on') {
      const bad = a.findings.filter(atOrAbove(g.threshold));
      c.failure = { type: g.gate, message: `${a.name}: ${bad.length} finding${bad.length === 1 ? '' : 's'} of severity ${g.threshold} or higher`, text: findingLines(bad).join('\n') };
    } else {
      c.failure = { type: g.gate, message, text: p.details.join('\n') };
    }
    return c;
  });
  // Failures that belong to no API (findings of unjoined documents, exceptions that match nothing).
  const orphan = g.failures.filter((f) => f.apiId === null);
  if (orphan.length || (g.gate === 'fail-on' && report.findings.length)) {
    const c: Case = { name: 'outside any API', classname };
    if (orphan.length) {
      const text = g.gate === 'fail-on' ? findingLines(report.findings.filter(atOrAbove(g.threshold))).join('\n') : orphan.map((f) => f.detail).join('\n');
      c.failure = { type: g.gate, message: `${orphan.length} failure${orphan.length === 1 ? '' : 's'} outside any API`, text };
    }
    cases.push(c);
  }
  return cases;
}

/** Renders JUnit XML; deterministic (`time="0"`, a timestamp only when the report has one). */
export function renderJunit(input: Report, opts: Pick<RenderOptions, 'gates'>): string {
  const report = singleLineStrings(input);
  const gates = singleLineStrings(opts.gates);
  const suites: { name: string; props: [string, string][]; cases: Case[] }[] = [];
  const tool: [string, string] = ['tool', `${report.tool.name} ${report.tool.version}`];
  if (gates.length === 0) {
    suites.push({
      name: 'api-maturity assessed',
      props: [tool],
      cases: report.apis.map((a) => ({ name: apiCaseName(a), classname: 'api-maturity.assessed', out: [...summaryLines(a), '', ...findingLines(a.findings.filter((f) => !f.suppressed))].join('\n') })),
    });
  }
  for (const g of gates) {
    suites.push({ name: `api-maturity --${g.gate} ${g.threshold}`, props: [tool, ['gate', g.gate], ['threshold', g.threshold]], cases: casesFor(report, g) });
  }
  const timestamp = report.generatedAt ? report.generatedAt.replace(/(\.\d+)?Z$/, '') : undefined;
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0);
  const x: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  x.push(`<testsuites name="api-maturity" tests="${total}" failures="${failures}" errors="0" time="0">`);
  suites.forEach((s, id) => {
    const f = s.cases.filter((c) => c.failure).length;
    x.push(`  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0" time="0" id="${id}"${timestamp ? ` timestamp="${timestamp}"` : ''}>`);
    x.push('    <properties>');
    for (const [k, v] of s.props) x.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    x.push('    </properties>');
    for (const c of s.cases) {
      x.push(`    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="0">`);
      if (c.failure) x.push(`      <failure type="${attr(c.failure.type)}" message="${attr(c.failure.message)}">${xmlEscape(c.failure.text)}</failure>`);
      if (c.out) x.push(`      <system-out>${xmlEscape(c.out)}</system-out>`);
      x.push('    </testcase>');
    }
    x.push('  </testsuite>');
  });
  x.push('</testsuites>');
  // Carriage returns, C1 and bidirectional controls can only come from inputs: shown as \uXXXX, not left raw.
  return showInvisible(x.join('\n')) + '\n';
}

