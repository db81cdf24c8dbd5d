// Screens that refresh themselves (the 任务 list, the hand-over inbox, a
// compound's map) share two rules, learnt on the 任务 screen where a 15 s
// refresh wiped a reason being typed and a late answer replaced a newer
// one: a refresh never takes away what the user is doing, and a draw that
// finishes late never replaces a newer one. poll() runs the refresh;
// newest() guards the draws.

// The user is doing something in `box`: a field has the focus, a field
// has text typed that is not sent yet (the user tapped elsewhere), a
// 查看完整信息 reason form is open or a revealed record is on screen.
export function userBusy(box) {
  const a = document.activeElement;
  if (a && box.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) return true;
  if (box.querySelector('.reveal-form:not([style*="none"]), .reveal-done')) return true;
  return [...box.querySelectorAll('input:not([type=hidden]), textarea')]
    .some((i) => !i.hidden && !i.closest('[data-keep]') && i.value !== i.defaultValue);
}

// Calls `refresh` every `ms` while the view is on screen, skipping a turn
// while the user is busy in `box` (see userBusy); a failed refresh keeps
// the last picture and the next turn retries. Returns the view's stop
// function: after it, no turn runs and none is scheduled, even when a
// refresh was in flight.
export function poll(box, ms, refresh) {
  let timer = null;
  let stopped = false;
  const turn = async () => {
    if (stopped) return;
    if (!userBusy(box)) {
      try { await refresh(); } catch (e) { /* the next turn retries */ }
    }
    if (!stopped) timer = setTimeout(turn, ms);
  };
  timer = setTimeout(turn, ms);
  return () => { stopped = true; clearTimeout(timer); };
}

// A counter of draws: `const k = draws.take()` before the request,
// `if (!draws.still(k)) return;` after it — an older draw that finishes
// late is dropped.
export function newest() {
  let n = 0;
  return { take: () => ++n, still: (k) => k === n };
}
