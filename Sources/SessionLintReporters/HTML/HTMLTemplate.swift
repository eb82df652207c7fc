/// The HTML report's page, a Mustache template. Only `{{…}}` tags (escaping) are used for data;
/// `{{{…}}}` (raw) never appears, and a test keeps it so.
enum HTMLTemplate {
    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{{title}}</title>
<style>
:root { --critical: #7b1fa2; --high: #c62828; --medium: #ef6c00; --low: #1565c0; --info: #546e7a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 72rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { font-size: 1.3rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; } code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .88em; }
.muted { color: #57606a; } .summary { display: flex; flex-wrap: wrap; gap: .6rem; align-items: stretch; margin: 1rem 0; }
.grade { font-size: 2.4rem; font-weight: 700; border: 2px solid #1f2328; border-radius: .5rem; padding: .2rem 1rem; text-align: center; }
.count { border-radius: .5rem; padding: .4rem .8rem; color: white; min-width: 6rem; } .count b { display: block; font-size: 1.5rem; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.badge { color: white; border-radius: .3rem; padding: 0 .4rem; font-size: .8rem; text-transform: uppercase; }
.rule { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .9rem; margin: .8rem 0; break-inside: avoid; }
.finding { border-top: 1px dashed var(--line); padding: .5rem 0; } .evidence { margin: .2rem 0 0 1rem; overflow-wrap: anywhere; }
details summary { cursor: pointer; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.table-wrap { overflow-x: auto; } th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.no { color: var(--high); font-weight: 600; } td.yes { color: #1a7f37; } tr.session td:first-child { font-weight: 600; }
figure.chart { margin: .6rem 0; } figure.chart svg { display: block; background: #f6f8fa; border: 1px solid var(--line); }
@media (max-width: 40rem) { body { font-size: 14px; padding: .5rem; } .count { min-width: 4.5rem; } }
@media print { body { max-width: none; } details { display: block; } details > summary { display: none; } .rule { page-break-inside: avoid; } a { color: inherit; } }
</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p class="muted" id="summary-line">{{summaryLine}}</p>
<p class="muted">Inputs: {{#inputs}}<code>{{.}}</code> {{/inputs}}· sessionlint {{version}}</p>
</header>

<section id="summary" aria-label="Summary">
<div class="summary">
<div class="grade" title="{{gradeExplanation}}">{{grade}}<div class="muted" style="font-size:.75rem;font-weight:400">{{gradeExplanation}}</div></div>
{{#counts}}<div class="count sev-{{name}}" data-severity="{{name}}"><b>{{count}}</b>{{name}}</div>
{{/counts}}
</div>
{{#frameworks}}<p>Frameworks recognised from the cookies: <b>{{frameworks}}</b>; their fixes come first.</p>{{/frameworks}}
{{#acceptedFindings}}<p class="muted">{{acceptedFindings}}</p>{{/acceptedFindings}}
</section>

<section id="findings">
<h2>Findings</h2>
{{^hasFindings}}<p>No open findings. This means the checks found nothing in this traffic, not that the site is secure: see what could not be seen below.</p>{{/hasFindings}}
{{#severities}}
<h3><span class="badge sev-{{name}}">{{name}}</span></h3>
{{#rules}}
<article class="rule" data-rule="{{id}}">
<h4 style="margin:.2rem 0">{{name}} <code class="muted">{{id}}</code> <span class="muted">· {{count}}</span></h4>
<p>{{summary}}</p>
<p><b>Why it matters:</b> {{why}}</p>
<details><summary>What the rule checks</summary><p class="muted">{{description}}</p>{{#references}}<p class="muted">{{references}}</p>{{/references}}{{#documentation}}<p><a href="{{documentation}}">The rule's documentation</a></p>{{/documentation}}</details>
{{^empty(fixes)}}<details open><summary>How to fix it</summary><ul>{{#fixes}}<li><b>{{framework}}</b>: {{text}}</li>{{/fixes}}</ul>
{{^empty(otherFixes)}}<details class="other-fixes"><summary>Other frameworks</summary><ul>{{#otherFixes}}<li>{{framework}}: {{text}}</li>{{/otherFixes}}</ul></details>{{/empty(otherFixes)}}</details>{{/empty(fixes)}}
{{#findings}}
<div class="finding">
<div><b>{{host}}</b> · cookie <code>{{cookie}}</code> · {{occurrences}}{{#clients}} · clients {{clients}}{{/clients}}</div>
<div>{{message}}</div>
{{#evidence}}<div class="evidence mono"><span class="muted">{{label}} {{location}}</span><br>{{request}}{{#excerpt}}<br>{{excerpt}}{{/excerpt}}</div>{{/evidence}}
</div>
{{/findings}}
</article>
{{/rules}}
{{/severities}}
</section>

<section id="inventory">
<h2>Cookie inventory</h2>
{{^hasInventory}}<p>The traffic set no cookies.</p>{{/hasInventory}}
{{#inventory}}
<h3>{{host}}</h3>
<div class="table-wrap"><table>
<thead><tr><th>Cookie</th><th>Path</th><th>Session</th><th>Secure</th><th>HttpOnly</th><th>SameSite</th><th>Domain</th><th>Lifetime</th><th>Set</th><th>First set</th></tr></thead>
<tbody>
{{#rows}}<tr class="inventory-row{{#session}} session{{/session}}"><td><code>{{name}}</code>{{#inconsistent}} <span class="badge sev-medium" title="set with different attributes">varies</span>{{/inconsistent}}</td><td><code>{{path}}</code></td>
<td title="{{role}}">{{#session}}yes{{/session}}{{^session}}no{{/session}}</td>
<td class="{{#secure}}yes{{/secure}}{{^secure}}no{{/secure}}">{{#secure}}yes{{/secure}}{{^secure}}no{{/secure}}</td>
<td class="{{#httpOnly}}yes{{/httpOnly}}{{^httpOnly}}no{{/httpOnly}}">{{#httpOnly}}yes{{/httpOnly}}{{^httpOnly}}no{{/httpOnly}}</td>
<td>{{sameSite}}</td><td><code>{{domain}}</code></td><td>{{lifetime}}</td><td>{{timesSet}}</td><td class="mono">{{firstSet}}</td></tr>
{{/rows}}
</tbody></table></div>
{{/inventory}}
</section>

{{^empty(lanes)}}
<section id="timelines">
<h2>Session timelines</h2>
<p class="muted">The clients a session-behaviour rule fired on (at most 20). Each row is one session ID the client held, numbered in the order it got them, from its first appearance to its last use; the marks are <span style="color:#1a7f37">logins</span>, <span style="color:#ef6c00">failed logins</span>, logouts, <span style="color:#1565c0">issues</span>, <span style="color:#7b1fa2">rotations</span> and <span style="color:#c62828">deletions</span> (hover for details).</p>
{{#lanes}}
<article class="rule lane">
<h3 style="margin:.2rem 0"><code>{{client}}</code></h3>
<p class="muted">{{period}} · {{findings}}</p>
<figure class="chart"><svg class="swimlane" viewBox="0 0 1000 {{height}}" width="100%" height="{{height}}" role="img" aria-label="Session timeline of {{client}}">
{{#rows}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="20" rx="3" fill="#bcd4f6" stroke="#1565c0"><title>{{label}}</title></rect><text x="{{x}}" y="{{labelY}}" dx="4" font-size="12" fill="#1f2328">{{label}}</text>
{{/rows}}
{{#marks}}<line x1="{{x}}" x2="{{x}}" y1="0" y2="{{bottom}}" stroke="{{color}}" stroke-width="2" data-kind="{{kind}}"><title>{{label}}</title></line>
{{/marks}}
</svg></figure>
{{#omitted}}<p class="muted">{{omitted}}</p>{{/omitted}}
<details><summary>What happened</summary><ul>{{#marks}}<li>{{label}}</li>{{/marks}}</ul></details>
</article>
{{/lanes}}
</section>
{{/empty(lanes)}}

{{^empty(tokens)}}
<section id="tokens">
<h2>Session ID analysis</h2>
<p class="muted">Structure first (counters, timestamps, hashes of guessable inputs, weak generators), then statistics on what structure leaves. A clean result means no evidence of predictability in this sample, not proof of randomness.</p>
{{#tokens}}
<article class="rule token" data-cookie="{{cookie}}">
<h3 style="margin:.2rem 0"><code>{{cookie}}</code> on {{host}} <span class="badge {{verdictClass}}">{{verdict}}</span></h3>
<p class="muted">{{samples}} issued values · {{format}}{{#shape}} · {{shape}}{{/shape}}</p>
{{^empty(mechanisms)}}<ul>{{#mechanisms}}<li>{{.}}</li>{{/mechanisms}}</ul>{{/empty(mechanisms)}}
{{#advice}}<p>{{advice}}</p>{{/advice}}
{{#notes}}<p class="muted">Set aside: {{.}}</p>{{/notes}}
{{#charts}}
<figure class="chart"><svg viewBox="0 0 {{width}} {{height}}" width="100%" height="{{height}}" preserveAspectRatio="none" role="img" aria-label="{{caption}}">
{{#bars}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="#1565c0"><title>{{label}}</title></rect>{{/bars}}
{{#reference}}<line x1="0" x2="{{width}}" y1="{{reference}}" y2="{{reference}}" stroke="#c62828" stroke-dasharray="4 3"></line>{{/reference}}
</svg><figcaption class="muted">{{caption}}</figcaption></figure>
{{/charts}}
{{#minEntropy}}<p class="muted">Min-entropy (SP 800-90B, most common value per position, summed): {{minEntropy}}</p>{{/minEntropy}}
{{^empty(tests)}}<div class="table-wrap"><table class="tests"><thead><tr><th>Level</th><th>Test</th><th>p-values</th><th>Smallest p</th><th>Below 1 %</th></tr></thead><tbody>
{{#tests}}<tr><td>{{level}}</td><td>{{name}}</td><td>{{pValues}}</td><td class="{{#flagged}}no{{/flagged}}">{{smallestP}}</td><td>{{belowOnePercent}}</td></tr>{{/tests}}
</tbody></table></div>{{/empty(tests)}}
{{#effectiveEntropy}}<p>Effective entropy: {{effectiveEntropy}}</p>{{/effectiveEntropy}}
</article>
{{/tokens}}
{{#tokensNotShown}}<p class="muted">{{tokensNotShown}}</p>{{/tokensNotShown}}
</section>
{{/empty(tokens)}}

<section id="inputs">
<h2>Inputs and what could not be seen</h2>
<ul>{{#inputs}}<li><code>{{.}}</code></li>{{/inputs}}</ul>
{{#inputErrors}}<p><b>Could not be read:</b> <code>{{location}}</code>: {{message}}</p>{{/inputErrors}}
{{^empty(warnings)}}<p>Parts of the inputs could not be read; findings from the rest are kept:</p>{{/empty(warnings)}}
<ul>{{#warnings}}<li><span class="mono muted">{{location}}</span>: {{message}}</li>{{/warnings}}</ul>
{{#configurationNotes}}<p class="muted">Configuration: <span class="mono">{{location}}</span>: {{message}}</p>{{/configurationNotes}}
<p class="muted">Cookie values and tokens are redacted. Encrypted traffic without keys, responses a HAR export stripped, and what an access log does not record are outside what this report can judge.</p>
</section>
</body>
</html>
"""#
}
