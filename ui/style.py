"""The web app's stylesheet (passed to launch): answers, chips, sources, tables, charts, a phone layout."""

CSS = """
/* answers: the direct sentence first and large, the interpretation as chips, sources below */
.gk-answer .direct { font-size: 1.18em; font-weight: 600; line-height: 1.55; margin: 0 0 6px; }
.gk-answer .chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 2px 0 8px; }
.gk-answer .chip { font-size: 0.78em; background: #eef2ff; color: #3730a3; border: 1px solid #c7d2fe;
  border-radius: 999px; padding: 1px 9px; white-space: nowrap; }
.gk-answer .rest { font-size: 0.95em; } .gk-answer .rest p { margin: 4px 0; }
.gk-answer ul.items { margin: 2px 0 6px 1.1em; padding: 0; }
.gk-answer .sources { margin-top: 8px; font-size: 0.88em; }
.gk-answer .sources-head { color: #666; font-size: 0.9em; margin-bottom: 2px; }
.num.ok { color: #0a7a2f; font-weight: 600; } .num.unk { color: #b26a00; font-weight: 600; }
.num.bad { color: #c00; font-weight: 700; text-decoration: underline wavy; }
.badge { font-size: 0.75em; margin-left: 1px; }
details.src { border-left: 3px solid #94a3b8; padding: 2px 8px; margin: 4px 0; }
details.src summary { cursor: pointer; }
details.src mark, #report-view mark, #search-results mark, #side-view mark { background: #ffe58a; }
details.src .raw, details.src .note { color: #555; font-size: 0.92em; margin-top: 4px; }
details.src .open { margin-top: 4px; font-size: 0.92em; }
/* findings in words, the code in the tooltip */
.finding { margin: 3px 0; } .finding .fk { font-weight: 600; margin-right: 4px; }
.finding.error .fk { color: #b00020; } .finding.warning .fk { color: #8a5a00; } .finding.info .fk { color: #555; }
.finding .yr { font-weight: 600; }
/* tables: readable, numbers right-aligned with separators */
table.gk { border-collapse: collapse; font-size: 15px; margin: 4px 0 10px; }
table.gk td, table.gk th { border: 1px solid #cbd5e1; padding: 4px 8px; }
table.gk th { background: #f1f5f9; font-weight: 600; text-align: center; }
table.gk td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.unknown { background: #fde2e2; color: #900; } td.inferred { background: #e6f0ff; }
td.hit, #gk-hit { outline: 3px solid #f59e0b; }
td.ok { color: #0a7a2f; } td.bad { color: #c00; font-weight: 600; } td.unk { color: #b26a00; }
.chg { font-size: 0.8em; margin-left: 3px; } .chg.up { color: #c2410c; } .chg.down { color: #1d4ed8; }
.chg.same { color: #888; }
.scroll { overflow-x: auto; max-width: 100%; }
.section-text { line-height: 1.7; }
/* charts */
.gk-chart { font-size: 12px; font-family: inherit; } .gk-chart .tick { fill: #555; }
.gk-chart .val { fill: #111; font-size: 11px; } .gk-chart text { font-family: inherit; }
.chart-title, .mini-title { font-weight: 600; margin: 4px 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 8px 16px; }
.empty { color: #666; } .zeros { color: #555; font-size: 0.9em; }
details.years-table { margin: 6px 0; } details.years-table summary { cursor: pointer; }
/* 检索 */
#search-results .summary { font-size: 1.05em; } #search-results .counts { color: #555; font-size: 0.9em; }
.hitgroup { border-top: 1px solid #e5e7eb; padding: 6px 0; }
.hitgroup-head .cnt { margin-left: 8px; color: #3730a3; } .hitgroup-head .file { margin-left: 8px; color: #888; font-size: 0.85em; }
.hitgroup ol { margin: 4px 0 0 1.2em; padding: 0; } .hitgroup li { margin: 3px 0; line-height: 1.6; }
.hitgroup .sec { font-size: 0.8em; background: #f1f5f9; border-radius: 4px; padding: 0 5px; margin-right: 4px; }
.side { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.side-col { border: 1px solid #e2e8f0; border-radius: 6px; padding: 8px; line-height: 1.7; }
.side-head { display: flex; justify-content: space-between; border-bottom: 1px solid #e2e8f0; margin-bottom: 6px; }
.side-title { font-weight: 600; margin: 6px 0; }
/* 导入 */
.upload-status { padding: 6px 10px; border-radius: 6px; background: #f1f5f9; }
.upload-status.ok { background: #ecfdf5; color: #065f46; } .upload-status.bad { background: #fef2f2; color: #991b1b; }
.upload-status.warn { background: #fffbeb; color: #92400e; }
/* a phone: one column, the chat not taller than the screen, tables scroll sideways */
@media (max-width: 700px) {
  #masthead h1 { font-size: 1.3em; }
  #chatbot { height: 58vh !important; }
  .gk-answer .direct { font-size: 1.08em; }
  table.gk { font-size: 14px; }
  #report-view, #body-view { overflow-x: auto; }
}
"""
