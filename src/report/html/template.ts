// The handlebars template of the HTML audit report. Every value comes from the view built in `../html.ts`; input-derived
// strings are only ever written with `{{ }}` (HTML-escaped), never `{{{ }}}`. Charts are inline SVG drawn from numbers
// the view computes. The stylesheet and the one script are part of the template text (their hashes are in the CSP).

import { createHash } from 'node:crypto';
import { SCRIPT, STYLE } from './style.js';

if (STYLE.includes('{{') || SCRIPT.includes('{{') || /<\/(style|script)/i.test(STYLE + SCRIPT)) throw new Error('html/style.ts: the stylesheet and script must not contain "{{" or closing tags');

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** The page's Content-Security-Policy: nothing may load; only the inline stylesheet and script run, by hash. */
export const CSP = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'`;

/** Text whose backticked parts are shown as code: the view splits it into segments `{t, c}`, each escaped. */
const R = (field: string) => `{{#each ${field}}}{{#if c}}<code>{{t}}</code>{{else}}{{t}}{{/if}}{{/each}}`;

const UNMET_TABLE = (list: string) => `
  <table class="unmet">
    <thead><tr><th class="w-req">Requirement</th><th class="num w-lv">Level</th><th class="w-st">Status</th><th class="w-why">Why</th><th>How to meet it</th></tr></thead>
    <tbody>{{#each ${list}}}<tr><td><b>{{requirement}}</b> ${R('title')}</td><td class="num">{{level}}</td><td><span class="status st-{{statusCls}}">{{status}}</span></td><td>${R('reason')}{{#if operations}}<div class="small muted">{{operations}}</div>{{/if}}{{#each locations}}<div class="small muted mono">{{this}}</div>{{/each}}</td><td>${R('remediation')}{{#if settleWith}}<div class="small settle"><b>Would settle it:</b> ${R('settleWith')}</div>{{/if}}</td></tr>{{/each}}</tbody>
  </table>`;

const LEVEL_CHART = `
<svg viewBox="0 0 {{levelChart.width}} {{levelChart.height}}" width="{{levelChart.width}}" height="{{levelChart.height}}" role="img" aria-labelledby="lc-title">
  <title id="lc-title">APIs per maturity level</title>
  {{#each levelChart.bars}}
  <text class="lbl" x="0" y="{{textY}}">{{level}} · {{name}}</text>
  <rect class="f-track" x="{{../levelChart.x0}}" y="{{y}}" width="{{../levelChart.track}}" height="{{h}}" rx="4"/>
  {{#if w}}<rect class="f-lv{{level}}" x="{{../levelChart.x0}}" y="{{y}}" width="{{w}}" height="{{h}}" rx="4"/>{{/if}}
  <text class="val" x="{{valueX}}" y="{{textY}}">{{count}}</text>
  {{/each}}
</svg>`;

const HEATMAP = `
<svg viewBox="0 0 {{heatmap.width}} {{heatmap.height}}" width="{{heatmap.width}}" height="{{heatmap.height}}" role="img" aria-labelledby="hm-title">
  <title id="hm-title">Findings by OWASP API Security Top 10 (2023) category and severity</title>
  {{#each heatmap.cols}}<text class="axis" x="{{cx}}" y="14" text-anchor="middle">{{name}}</text>{{/each}}
  {{#each heatmap.rows}}
  <text class="lbl" x="0" y="{{textY}}">{{id}} {{name}}</text>
  {{#each cells}}<rect class="{{cls}}" x="{{x}}" y="{{../y}}" width="{{w}}" height="{{h}}" rx="3"><title>{{tip}}</title></rect>{{#if count}}<text class="val{{#if light}} light{{/if}}" x="{{cx}}" y="{{../textY}}" text-anchor="middle">{{count}}</text>{{/if}}{{/each}}
  {{/each}}
</svg>`;

const LADDER = `<svg viewBox="0 0 150 46" width="150" height="46" role="img" aria-label="level {{level}} of 4; could reach {{ceiling}}; target {{target}}">{{#each ladder}}<rect class="{{cls}}" x="{{x}}" y="{{y}}" width="26" height="{{h}}" rx="2"/>{{#if target}}<rect class="tgt" x="{{x}}" y="{{y}}" width="26" height="{{h}}" rx="2"><title>target level {{n}}</title></rect>{{/if}}<text class="axis" x="{{tx}}" y="45" text-anchor="middle">{{n}}</text>{{/each}}</svg>`;

const SNIPPET = `{{#if snippet}}<pre class="src" aria-label="source lines">{{#each snippet.lines}}<span{{#if hit}} class="hit"{{/if}}><i>{{n}}</i>{{text}}</span>{{/each}}</pre>{{/if}}`;

const CREDENTIALS_TABLE = (list: string, api: boolean) => `
  <table class="inventory${api ? ' with-api' : ''}">
    <thead><tr>${api ? '<th class="w-api">API</th>' : ''}<th class="w-cred">Credential</th><th class="w-pres">Presented</th><th class="w-iss">Issued by</th><th class="w-bind">Binding</th><th class="w-life">Lifetime</th><th class="w-store">Stored in</th><th class="num w-ops">Ops</th></tr></thead>
    <tbody>{{#each ${list}}}<tr{{#if risk}} class="risk"{{/if}}>${api ? '<td><a href="#{{anchor}}">{{api}}</a></td>' : ''}<td>{{#if risk}}<span class="status st-fails">{{risk}}</span> {{/if}}{{label}} <span class="muted small">({{kind}})</span>{{#if scopes}}<div class="small muted">scopes: {{scopes}}</div>{{/if}}<div class="small muted">{{evidence}}</div>${api ? '' : '{{#each sources}}<div class="small mono muted">{{this}}</div>{{/each}}{{#if moreSources}}<div class="small muted">… and {{moreSources}} more</div>{{/if}}'}</td><td class="mono small">{{presented}}</td><td class="mono small">{{issuedBy}}</td><td class="nowrap">{{binding}}</td><td class="nowrap">{{lifetime}}</td><td class="small">{{#each storedIn}}<div>{{what}} <span class="mono muted">{{where}}</span> <span class="mono">{{redacted}}</span></div>{{else}}<span class="muted">–</span>{{/each}}</td><td class="num">{{operations}}</td></tr>{{/each}}</tbody>
  </table>`;

const STATUS_LEGEND = `<p class="small legend-cs"><span class="cs cs-evidenced">● evidenced</span> the inputs show it <span class="cs cs-partial">◐ partial</span> on some operations, for some callers, or in a weak form <span class="cs cs-absent">○ absent</span> the inputs show it missing <span class="cs cs-unknown">? unknown</span> no input speaks to it</p>`;

const FINDING = `
<div class="finding{{#if suppressed}} suppressed{{/if}}">
  <div class="top"><span class="sev sev-{{severity}}">{{severity}}</span> <span class="title">${R('title')}</span> <code>{{ruleId}}</code>{{#each owasp}} <span class="muted small">{{this}}</span>{{/each}}{{#if confidence}} <span class="muted small">confidence {{confidence}}</span>{{/if}}</div>
  <div class="msg">${R('message')}</div>
  <div class="small muted">{{where}} <span class="mono">{{pointer}}</span>{{#if operations}} · {{operations}}{{/if}}</div>
  {{#if suppressed}}<div class="small"><b>Not counted</b> ({{suppressed.by}}): {{suppressed.reason}}</div>{{/if}}
  <div class="fix"><b>How to fix.</b> ${R('remediation')}</div>
  ${SNIPPET}
</div>`;

/** Findings of one rule, folded under its title and count. */
const FINDING_GROUP = `<details class="fgroup"><summary><span class="sev sev-{{severity}}">{{severity}}</span> ${R('title')} <code>{{ruleId}}</code> <span class="muted small">{{count}}</span></summary>{{#each findings}}${FINDING}{{/each}}{{#if more}}<p class="muted">… and {{more}} more of this rule (see the JSON or SARIF report).</p>{{/if}}</details>`;

export const TEMPLATE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="{{tool.name}} {{tool.version}}">
<title>API security maturity report{{#if single}} — {{single}}{{/if}}</title>
<style>${STYLE}</style>
<script>${SCRIPT}</script>
</head>
<body>
<header class="cover"><div class="inner">
  <h1>API security maturity report</h1>
  <p>{{summary.apis}} · {{summary.operations}} · {{summary.inputs}}{{#if generatedAt}} · {{generatedAt}}{{/if}} · {{tool.name}} {{tool.version}}</p>
  <nav class="toc"><a href="#summary">Executive summary</a>{{#if inventory.any}}<a href="#credentials">Credentials and controls</a>{{/if}}<a href="#levels">What the levels mean</a>{{#each apis}}<a href="#{{anchor}}">{{name}}</a>{{/each}}{{#if hasOthers}}<a href="#other-findings">Other findings</a>{{/if}}{{#if exceptions}}<a href="#exceptions">Exceptions</a>{{/if}}<a href="#inputs">Inputs</a></nav>
</div></header>
<main>
<section id="summary">
  <h2>Executive summary</h2>
  <p>{{summary.sentence}}</p>
  <div class="grid kpis">
    <div class="kpi"><div class="n">{{summary.apiCount}}</div><div class="t">APIs assessed</div></div>
    <div class="kpi{{#if summary.belowTarget}} bad{{else}} good{{/if}}"><div class="n">{{summary.belowTarget}}</div><div class="t">APIs below the target of their sensitivity class</div></div>
    <div class="kpi{{#if summary.belowBearer}} bad{{else}} good{{/if}}"><div class="n">{{summary.belowBearer}}</div><div class="t">APIs below level 2 (no OAuth tokens)</div></div>
    {{#each summary.severities}}<div class="kpi{{#if bad}} bad{{/if}}"><div class="n">{{count}}</div><div class="t">{{name}} findings</div></div>{{/each}}
  </div>
  {{#each gates}}
  <div class="gate {{#if passed}}pass{{else}}fail{{/if}}"><b>{{#if passed}}Passed{{else}}Failed{{/if}}:</b> gate <code>--{{gate}} {{threshold}}</code>{{#if failures}}<ul>{{#each failures}}<li>{{this}}</li>{{/each}}</ul>{{/if}}{{#if more}}<div class="small muted">… and {{more}} more</div>{{/if}}</div>
  {{/each}}
  <div class="grid two">
    <div class="card"><h3>APIs per maturity level</h3>${LEVEL_CHART}</div>
    <div class="card"><h3>Findings by OWASP category and severity</h3>${HEATMAP}<p class="small muted">{{heatmap.note}}</p></div>
  </div>
  <div class="card">
    <h3>The ladder per API</h3>
    <p class="small muted">Filled steps are reached. Dashed steps could be reached if every unknown requirement turns out to be met (the ceiling). The outlined step is the target for the API's sensitivity class.</p>
    <table class="apis">
      <thead><tr><th>API</th><th>Level</th><th>Ladder</th><th>Target</th><th>Next step</th><th>What would settle the unknowns</th></tr></thead>
      <tbody>
      {{#each apis}}
      <tr>
        <td><a href="#{{anchor}}">{{name}}</a>{{#if version}} <span class="muted">{{version}}</span>{{/if}}{{#unless described}}<div class="small muted">security not described</div>{{/unless}}</td>
        <td class="nowrap"><span class="badge lv{{level}}">{{level}} · {{label}}</span>{{#if sublevel}} <span class="muted small">{{sublevel}}</span>{{/if}}<div class="small muted">ceiling {{ceiling}}</div>{{#if declaredOnly}}<div class="small muted" title="every piece of evidence is a declaration in a description; no gateway config or traffic shows it enforced">declared only</div>{{/if}}</td>
        <td class="ladder-cell">${LADDER}</td>
        <td class="nowrap">{{target}} <span class="status {{#if meetsTarget}}st-met{{else}}st-fails{{/if}}">{{#if meetsTarget}}met{{else}}below{{/if}}</span><div class="small muted">{{sensitivity}}</div>{{#if exception}}<div class="small {{#if exception.expired}}bad{{else}}muted{{/if}}">{{#if exception.expired}}exception expired{{else}}excepted until {{exception.expires}}{{/if}}</div>{{/if}}</td>
        <td>{{#if nextStep}}<b>Level {{nextStep.level}}:</b> ${R('nextStep.title')} <span class="muted small">({{nextStep.requirement}})</span>{{else}}<span class="muted">Top of the ladder.</span>{{/if}}</td>
        <td class="small">{{#if settle}}<ul>{{#each settle}}<li>${R('text')} <span class="muted">({{ids}})</span></li>{{/each}}</ul>{{else}}<span class="muted">Nothing unknown up to the next level.</span>{{/if}}</td>
      </tr>
      {{/each}}
      </tbody>
    </table>
  </div>
</section>

{{#if inventory.any}}
<section id="credentials">
  <h2>Credentials and security controls</h2>
  <p>{{inventory.total}} credential paths: every distinct way a credential is presented to these APIs or to the servers that issue their tokens, with who issues it, where its secret is written in the inputs (never its value), how it is bound and how long it lives. {{#if inventory.risky}}<b>{{inventory.risky}}</b> are static secrets or unbound bearer tokens — a leaked copy is enough to use them; they are listed first.{{/if}}</p>
  <div class="card">
    <h3>Security controls per API</h3>
    <p class="small muted">The identity and protection building blocks a review checks ({{inventory.counts}}). Each API's section gives the reason and the evidence behind every cell, and what would settle an unknown.</p>
    <table class="matrix">
      <thead><tr><th>API</th>{{#each inventory.columns}}<th title="{{title}}: {{question}}">{{short}}</th>{{/each}}</tr></thead>
      <tbody>{{#each inventory.matrix}}<tr><td><a href="#{{anchor}}">{{name}}</a></td>{{#each cells}}<td class="cs cs-{{status}}" title="{{tip}}"><span aria-hidden="true">{{mark}}</span> {{status}}</td>{{/each}}</tr>{{/each}}</tbody>
    </table>
    ${STATUS_LEGEND}
  </div>
  <div class="card">
    <h3>Credential inventory</h3>
    ${CREDENTIALS_TABLE('inventory.rows', true)}
    {{#if inventory.more}}<p class="muted">… and {{inventory.more}} more credential paths (see the JSON report, or <code>api-maturity inventory --format csv</code>).</p>{{/if}}
  </div>
</section>
{{/if}}

<section id="levels">
  <h2>What the levels mean</h2>
  <table class="levels-explained">
    <thead><tr><th>Level</th><th>Meaning</th><th>The risk left</th><th>Grades within the level</th></tr></thead>
    <tbody>{{#each levels}}<tr><td><span class="badge lv{{level}}">{{level}} · {{label}}</span></td><td>{{meaning}}</td><td>{{risk}}</td><td class="small">{{#if grades}}{{grades}}{{else}}<span class="muted">–</span>{{/if}}</td></tr>{{/each}}</tbody>
  </table>
  <p class="small muted">An API is as strong as its weakest operation that is not public. Grades (1a, 2b, 4b, …) refine a level and never lower it. Findings follow the OWASP API Security Top 10 (2023).</p>
</section>

{{#each apis}}
<section class="api" id="{{anchor}}">
  <div class="api-head"><span class="badge big lv{{level}}">Level {{level}} · {{label}}</span>{{#if declaredOnly}}<span class="muted small">declared only: no gateway config or traffic shows it enforced</span>{{/if}}<h2>{{name}}{{#if version}} <span class="muted">{{version}}</span>{{/if}}</h2></div>
  <dl class="facts">
    <dt>Identifier</dt><dd class="mono">{{id}}</dd>
    <dt>Described in</dt><dd>{{#each sources}}<span class="mono">{{this}}</span>{{#unless @last}}, {{/unless}}{{/each}}</dd>
    {{#if baseUrls}}<dt>Served at</dt><dd>{{#each baseUrls}}<span class="mono">{{this}}</span>{{#unless @last}}, {{/unless}}{{/each}}</dd>{{/if}}
    <dt>Input kinds</dt><dd>{{kinds}}</dd>
    <dt>Operations</dt><dd>{{operationSummary}}</dd>
    <dt>Authenticated operations</dt><dd>{{authenticated}}</dd>
    <dt>Sensitivity</dt><dd>{{sensitivityText}}</dd>
    <dt>Target</dt><dd>{{targetText}}</dd>
    {{#if exception}}<dt>Exception</dt><dd>{{#if exception.expired}}<b class="bad">expired on {{exception.expires}}</b>{{else}}active until {{exception.expires}}{{/if}} — owner {{exception.owner}}: {{exception.reason}}</dd>{{/if}}
    <dt>Ceiling</dt><dd>level {{ceiling}} — {{ceilingText}}{{#if binding}} · token binding: {{binding}}{{/if}}</dd>
  </dl>
  {{#unless described}}<div class="warn"><b>Security not described.</b> No input describes how this API authenticates callers, so it scores level 0 <i>as described</i>. A gateway configuration, captured traffic or the authorization server's metadata would settle it.</div>{{/unless}}
  {{#if nextStep}}<div class="next"><div class="h">Next step → level {{nextStep.level}} ({{nextStep.levelName}}): ${R('nextStep.title')} <span class="muted small">{{nextStep.requirement}}</span></div><div>${R('nextStep.remediation')}</div></div>{{/if}}

  <h3>Why it is not higher</h3>
  {{#if blocking}}<p class="small muted">Requirements of level {{nextLevel}} and below that are not met, or that no input speaks to (unknown).</p>${UNMET_TABLE('blocking')}{{else}}<p class="muted">{{#if nextStep}}Nothing below level {{nextLevel}} is missing.{{else}}Every requirement of the ladder is met.{{/if}}</p>{{/if}}
  {{#if further}}<details><summary>Requirements of higher levels ({{further.length}})</summary>${UNMET_TABLE('further')}</details>{{/if}}

  <h3>Evidence</h3>
  {{#if evidence}}
  <table>
    <thead><tr><th>What was found</th><th>Kind</th><th>Confidence</th><th>Where</th></tr></thead>
    <tbody>{{#each evidence}}<tr><td>${R('summary')}</td><td>{{kind}} ({{source}})</td><td>{{confidence}}</td><td class="mono small">{{where}}</td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="muted">No input states how this API authenticates callers.</p>{{/if}}

  <h3>Credentials</h3>
  {{#if credentials}}${CREDENTIALS_TABLE('credentials', false)}{{#if moreCredentials}}<p class="muted">… and {{moreCredentials}} more credential paths.</p>{{/if}}{{else}}<p class="muted">No input shows a credential for this API.</p>{{/if}}

  {{#if controls}}
  <h3>Security controls</h3>
  <table class="controls">
    <thead><tr><th class="w-ctl">Building block</th><th class="w-cst">Status</th><th>Why</th><th class="w-cev">Evidence</th></tr></thead>
    <tbody>{{#each controls}}<tr><td><b>{{title}}</b><div class="small muted">{{question}}</div></td><td class="cs cs-{{status}}"><span aria-hidden="true">{{mark}}</span> {{status}}</td><td>${R('reason')}{{#if settleWith}}<div class="small settle"><b>Would settle it:</b> ${R('settleWith')}</div>{{/if}}</td><td class="small">{{#each evidence}}<div>${R('summary')} <span class="mono muted">{{where}}</span></div>{{else}}<span class="muted">–</span>{{/each}}</td></tr>{{/each}}</tbody>
  </table>
  {{/if}}

  <h3>Findings{{#if findingCount}} <span class="muted small">({{findingCount}})</span>{{/if}}</h3>
  {{#if findingGroups}}<p class="small muted">Grouped by rule, most severe first; open a rule to see each finding with its location and fix.</p>{{#each findingGroups}}${FINDING_GROUP}{{/each}}{{else}}{{#if findings}}{{#each findings}}${FINDING}{{/each}}{{else}}<p class="muted">No findings.</p>{{/if}}{{/if}}
  {{#if suppressedFindings}}<details><summary>{{suppressedFindings.length}} findings not counted (suppressed, baselined or excepted)</summary>{{#each suppressedFindings}}${FINDING}{{/each}}</details>{{/if}}

  <details{{#if openOperations}} open{{/if}}>
    <summary>Operations ({{operations.length}})</summary>
    <table>
      <thead><tr><th>Method</th><th>Path</th><th>Operation id</th><th>Level</th><th>Public</th><th>Where</th></tr></thead>
      <tbody>{{#each operations}}<tr><td class="method">{{method}}</td><td class="mono">{{path}}</td><td class="mono small">{{operationId}}</td><td class="nowrap"><span class="badge lv{{level}}">{{level}} · {{label}}</span></td><td class="small">{{public}}</td><td class="mono small">{{where}}</td></tr>{{/each}}</tbody>
    </table>
    {{#if moreOperations}}<p class="muted">… and {{moreOperations}} more operations.</p>{{/if}}
  </details>
</section>
{{/each}}

{{#if hasOthers}}
<section id="other-findings">
  <h2>Findings outside any API</h2>
  {{#if otherGroups}}{{#each otherGroups}}${FINDING_GROUP}{{/each}}{{else}}{{#each others}}${FINDING}{{/each}}{{/if}}
</section>
{{/if}}

{{#if exceptions}}
<section id="exceptions">
  <h2>Exceptions register</h2>
  <table>
    <thead><tr><th>API</th><th>Rule</th><th>Owner</th><th>Expires</th><th>Status</th><th class="num">Findings</th><th>Reason</th></tr></thead>
    <tbody>{{#each exceptions}}<tr><td class="mono">{{api}}</td><td class="mono small">{{#if rule}}{{rule}}{{else}}whole API{{/if}}</td><td>{{owner}}</td><td class="nowrap">{{expires}}</td><td><span class="status {{#if expired}}st-fails{{else}}st-met{{/if}}">{{status}}</span></td><td class="num">{{findings}}</td><td>{{reason}}</td></tr>{{/each}}</tbody>
  </table>
</section>
{{/if}}

<section id="inputs">
  <h2>Inputs</h2>
  <p>The report was produced from these files. Their SHA-256 digests identify exactly what was assessed.</p>
  <table>
    <thead><tr><th>File</th><th>Kind</th><th class="num">Bytes</th><th>SHA-256</th></tr></thead>
    <tbody>{{#each inputs}}<tr><td class="mono">{{file}}{{#if referencedBy}}<div class="small muted">referenced by {{referencedBy}}</div>{{/if}}</td><td>{{kind}}</td><td class="num">{{bytes}}</td><td class="mono small">{{sha256}}</td></tr>{{/each}}</tbody>
  </table>
  {{#if skipped}}
  <h3>Skipped files</h3>
  <table><thead><tr><th>File</th><th>Why</th></tr></thead><tbody>{{#each skipped}}<tr><td class="mono">{{file}}</td><td>{{reason}}</td></tr>{{/each}}</tbody></table>
  {{/if}}
  <dl class="facts">
    {{#if config}}<dt>Configuration</dt><dd class="mono">{{config}}</dd>{{/if}}
    {{#if baseline}}<dt>Baseline</dt><dd><span class="mono">{{baseline.file}}</span>: {{baseline.baselined}} findings baselined{{#if baseline.fixed}}, {{baseline.fixed}} baselined findings are fixed{{/if}}</dd>{{/if}}
    <dt>Tool</dt><dd>{{tool.name}} {{tool.version}} (report schema {{schemaVersion}})</dd>
    <dt>Generated</dt><dd>{{#if generatedAt}}{{generatedAt}}{{else}}no timestamp: the same inputs give a byte-identical report{{/if}}</dd>
  </dl>
</section>
<footer>Source lines are shown only from the inputs above, never from traffic captures, with values that look like credentials redacted. This page loads nothing from the network.</footer>
</main>
</body>
</html>
`;
