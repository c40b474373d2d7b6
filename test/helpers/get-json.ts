// The checkers' own reads of an emulator's state. A GET may be sent again: on a loaded machine a
// kept-alive connection the server closed as it was reused fails with "fetch failed", which says
// nothing about what ferry did, so such a read is tried a few times before the test fails on it.
export async function getJson<T>(url: string): Promise<T> {
  const response = await getRetrying(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** A GET whose connection failing is tried again (up to 4 times); any answer is returned as it is. */
export async function getRetrying(url: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
