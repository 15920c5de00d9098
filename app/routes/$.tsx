// Any address no other route matches: answer 404 and let the root ErrorBoundary show the page.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
