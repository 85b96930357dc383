/* What sticks out sideways: the page, or any element of the practice dialog beyond its box. */
() => {
  const out = [];
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 0) out.push(`page by ${page}px`);
  const dialog = document.querySelector('.practice');
  if (dialog && !dialog.hidden) {
    const right = dialog.getBoundingClientRect().right;
    for (const node of dialog.querySelectorAll('*')) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || node.closest('.practice__live, .practice__routine')) continue;
      if (box.right > right + 1 || box.left < -1) out.push(`${node.className} at ${box.left}-${box.right}`);
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX === 'visible'
          && node.clientWidth > 0) out.push(`${node.className} overflows by ${node.scrollWidth - node.clientWidth}px`);
    }
  }
  return out;
}
