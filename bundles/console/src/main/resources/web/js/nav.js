// The console's navigation, one list for every page: a page holds an empty <nav id="nav" aria-label="Console">
// and loads this module before its own script (module scripts run in document order), whose wireNav() then finds
// the sign-out button. Plain links and a real button, so the keyboard reaches all of them in order.
const PAGES = [
  ['index.html', 'Dashboard'],
  ['connectors.html', 'Connectors'],
  ['search.html', 'Search'],
  ['webhooks.html', 'Webhooks'],
  ['audit.html', 'Audit'],
  ['users.html', 'Users'],
];

const nav = document.getElementById('nav');
const here = location.pathname.slice(location.pathname.lastIndexOf('/') + 1) || 'index.html';
for (const [file, label] of PAGES) {
  const a = document.createElement('a');
  a.href = '/console/' + file;
  a.textContent = label;
  if (file === here) {
    a.setAttribute('aria-current', 'page');
  }
  nav.appendChild(a);
}
const signOut = document.createElement('button');
signOut.type = 'button';
signOut.id = 'sign-out';
signOut.textContent = 'Sign out';
nav.appendChild(signOut);
