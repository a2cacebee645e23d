// Connector types (from the deployed bundles' Metatype), the bundles themselves with their state, failed
// deploys, and upload / upgrade / removal of a bundle (written to or deleted from deploy/ by the host).
import { api, cell, say, text, upload, wireNav } from './api.js';
import { button } from './ui.js';

wireNav();

function link(href, label) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  return a;
}

function render(r) {
  const types = document.getElementById('types');
  types.replaceChildren();
  for (const t of r.types) {
    const row = document.createElement('tr');
    cell(row, t.name);
    cell(row, t.description);
    cell(row, `${t.bundle} ${t.version}`);
    cell(row, link(`/console/instance.html?type=${encodeURIComponent(t.factoryPid)}`, `Add ${t.name} instance`));
    types.appendChild(row);
  }
  const bundles = document.getElementById('bundles');
  bundles.replaceChildren();
  for (const b of r.bundles) {
    const row = document.createElement('tr');
    cell(row, b.symbolicName);
    cell(row, b.version);
    cell(row, b.state);
    cell(row, b.file || '– (distribution)');
    const actions = cell(row, '');
    if (b.removable) {
      actions.appendChild(button('Remove', `Remove ${b.symbolicName} (deletes deploy/${b.file})`, async () => {
        if (!confirm(`Remove ${b.symbolicName}? Its instances stop; their documents stay until the instances are deleted.`)) {
          return;
        }
        await api('DELETE', `connectors/${encodeURIComponent(b.symbolicName)}`);
        say(`deploy/${b.file} deleted: the bundle is being uninstalled.`);
        setTimeout(load, 1500);
      }));
    }
    bundles.appendChild(row);
  }
  const catalog = document.getElementById('catalog');
  catalog.replaceChildren();
  for (const c of r.catalog) {
    const row = document.createElement('tr');
    cell(row, c.id);
    cell(row, c.file);
    cell(row, button('Deploy', `Deploy the ${c.id} connector (copies it to deploy/${c.id}.jar)`, async () => {
      deployed(await api('POST', `connectors?catalog=${encodeURIComponent(c.id)}`));
    }));
    catalog.appendChild(row);
  }
  const failures = document.getElementById('failures');
  failures.replaceChildren();
  for (const f of r.failures) {
    const li = document.createElement('li');
    li.appendChild(text(`deploy/${f.file}: ${f.reason} (since ${new Date(f.since).toLocaleString()})`));
    failures.appendChild(li);
  }
  document.getElementById('failures-section').hidden = r.failures.length === 0;
}

/** Says what an upload or a deploy from the catalog wrote, and shows the bundle once the host has it. */
function deployed(d) {
  say(`${d.symbolicName} ${d.version} written to deploy/${d.file}${d.replaced ? ' (an upgrade)' : ''}: the host installs it within seconds.`);
  setTimeout(load, 1500);
}

async function load() {
  try {
    render(await api('GET', 'connectors'));
  } catch (e) {
    say(e.message, true);
  }
}

document.getElementById('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('bundle-file').files[0];
  if (!file) {
    say('Choose a .jar file first.', true);
    return;
  }
  try {
    deployed(await upload(`connectors?file=${encodeURIComponent(file.name)}`, file, 'application/java-archive'));
  } catch (e) {
    say(e.message, true);
  }
});

load();
