/**
 * The browsable API reference at /docs: one self-contained page (no CDN, no external fonts or
 * scripts; the machine may have no internet) that reads /openapi.json and renders every operation
 * with its roles, parameters, body schema and responses. Text goes in through textContent only.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Billing Copilot API reference</title>
<style>
  body { font: 15px/1.5 system-ui, -apple-system, Segoe UI, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; color: #fff; padding: 16px 24px; }
  header p { margin: 4px 0 0; color: #c8cdd8; max-width: 900px; }
  nav { position: fixed; top: 0; bottom: 0; left: 0; width: 220px; overflow: auto; padding: 110px 12px 12px; box-sizing: border-box; }
  nav a { display: block; color: #1d2330; text-decoration: none; padding: 2px 6px; border-radius: 4px; font-size: 14px; }
  nav a:hover { background: #e4e7ed; }
  main { margin-left: 220px; padding: 12px 24px 48px; max-width: 1000px; }
  h2 { margin-top: 32px; border-bottom: 1px solid #d5d9e0; }
  .op { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; margin: 12px 0; padding: 10px 14px; }
  .method { display: inline-block; min-width: 52px; text-align: center; font-weight: 700; border-radius: 4px; padding: 1px 6px; color: #fff; font-size: 13px; }
  .get { background: #2f7d4f; } .post { background: #2f5f9e; }
  .path { font-family: ui-monospace, Menlo, monospace; font-weight: 600; margin-left: 8px; }
  .roles { font-size: 13px; color: #5a6272; margin: 4px 0; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
  td, th { border-top: 1px solid #e4e7ed; padding: 3px 6px; text-align: left; vertical-align: top; }
  pre { background: #f1f3f6; padding: 8px; overflow: auto; font-size: 12px; max-height: 420px; }
  summary { cursor: pointer; font-size: 13px; color: #2f5f9e; }
</style>
</head>
<body>
<header><strong>Billing Copilot API</strong><p id="intro">Loading /openapi.json ...</p></header>
<nav id="nav"></nav>
<main id="main"></main>
<script>
(function () {
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = String(text); return e; }
  function details(label, value) {
    var d = el('details'); d.appendChild(el('summary', null, label)); d.appendChild(el('pre', null, JSON.stringify(value, null, 2))); return d;
  }
  function resolve(doc, schema) {
    if (schema && schema.$ref) { var name = schema.$ref.split('/').pop(); return doc.components.schemas[name]; }
    return schema;
  }
  fetch('openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
    document.getElementById('intro').textContent = doc.info.description;
    var nav = document.getElementById('nav'), main = document.getElementById('main'), byTag = {};
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method], tag = (op.tags || ['Other'])[0];
        (byTag[tag] = byTag[tag] || []).push({ path: path, method: method, op: op });
      });
    });
    Object.keys(byTag).forEach(function (tag) {
      var a = el('a', null, tag); a.href = '#tag-' + tag.replace(/\\W+/g, '-'); nav.appendChild(a);
      var h = el('h2', null, tag); h.id = 'tag-' + tag.replace(/\\W+/g, '-'); main.appendChild(h);
      byTag[tag].forEach(function (o) {
        var box = el('section', 'op'); box.id = o.op.operationId;
        var head = el('div'); head.appendChild(el('span', 'method ' + o.method, o.method.toUpperCase())); head.appendChild(el('span', 'path', o.path));
        box.appendChild(head);
        box.appendChild(el('div', null, o.op.summary));
        if (o.op.description) box.appendChild(el('div', 'roles', o.op.description));
        box.appendChild(el('div', 'roles', o.op['x-roles'] ? 'Roles: ' + o.op['x-roles'].join(', ') : 'Public'));
        var params = o.op.parameters || [];
        if (params.length) {
          var t = el('table'), hr = el('tr');
          ['Parameter', 'In', 'Required', 'Type', 'Description'].forEach(function (x) { hr.appendChild(el('th', null, x)); });
          t.appendChild(hr);
          params.forEach(function (p) {
            var tr = el('tr');
            [p.name, p.in, p.required ? 'yes' : '', (p.schema && (p.schema.type || (p.schema.enum ? 'enum: ' + p.schema.enum.join(' | ') : ''))) || '', p.description || ''].forEach(function (x) { tr.appendChild(el('td', null, x)); });
            t.appendChild(tr);
          });
          box.appendChild(t);
        }
        if (o.op.requestBody) Object.keys(o.op.requestBody.content).forEach(function (type) { box.appendChild(details('Request body (' + type + ')', o.op.requestBody.content[type].schema)); });
        Object.keys(o.op.responses).forEach(function (status) {
          var r = o.op.responses[status], c = r.content && r.content['application/json'];
          if (c) box.appendChild(details(status + ' ' + r.description, resolve(doc, c.schema)));
          else box.appendChild(el('div', 'roles', status + ' ' + r.description));
        });
        main.appendChild(box);
      });
    });
  }).catch(function (e) { document.getElementById('intro').textContent = 'Could not load /openapi.json: ' + e; });
})();
</script>
</body>
</html>
`;
