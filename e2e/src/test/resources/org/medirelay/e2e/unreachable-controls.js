// Run inside a page by ScreenCheck: the visible controls (buttons, links, fields) a person cannot reach at this
// viewport size, each with why: out of the keyboard's reach (a negative tabindex), outside the viewport's width, cut
// off where nothing scrolls them into view, or covered by something else at their centre. An empty list when every
// control is inside and uncovered.
const width = document.documentElement.clientWidth;
const height = document.documentElement.clientHeight;

function describe(el) {
  const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.type || '').trim();
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + name.slice(0, 40) + '"';
}

// Whether scrolling brings the control into view: a scrolling box around it, or the page itself when no fixed
// box (which the page's scroll does not move) holds it.
function scrollable(el) {
  for (let box = el.parentElement; box; box = box.parentElement) {
    const style = getComputedStyle(box);
    if (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight) return true;
    if (style.position === 'fixed') return false;
  }
  return document.scrollingElement.scrollHeight > height;
}

const problems = [];
// While a modal dialog is open (a ringing call) the page behind it is inert by design: only the dialog's controls count.
const scope = document.querySelector('dialog:modal') || document;
const controls = [...scope.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea')].filter(
  (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0,
);
for (const el of controls) {
  if (el.tabIndex < 0 && !el.disabled) problems.push(describe(el) + " is out of the keyboard's reach");
  let box = el.getBoundingClientRect();
  if (box.left < -0.5 || box.right > width + 0.5) {
    problems.push(describe(el) + ' spans ' + Math.round(box.left) + '..' + Math.round(box.right) + ' of ' + width);
    continue;
  }
  if (box.top < -0.5 || box.bottom > height + 0.5) {
    if (!scrollable(el)) {
      problems.push(describe(el) + ' is cut off at ' + Math.round(box.top) + '..' + Math.round(box.bottom));
      continue;
    }
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    box = el.getBoundingClientRect();
    if (box.top < -0.5 || box.bottom > height + 0.5) {
      problems.push(describe(el) + ' does not scroll into view');
      continue;
    }
  }
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  if (!hit || (hit !== el && !el.contains(hit))) {
    problems.push(describe(el) + ' is covered by ' + (hit ? describe(hit) : 'nothing'));
  }
}
// Back to the first screen, for the next width's screenshot.
document.querySelectorAll('*').forEach((el) => {
  if (el.scrollTop > 0) el.scrollTop = 0;
});
window.scrollTo(0, 0);
return problems;
