// The page's first script: it lets the browser paint index.html's static
// shell (one frame) before the app's script is evaluated, so that the first
// paint never waits for it. A hidden tab gets no frames: the timer starts it.
let started = false;
const start = () => {
  if (started) return;
  started = true;
  void import('./main');
};
requestAnimationFrame(() => setTimeout(start));
setTimeout(start, 100);
