// The checkers' own reads of an emulator's state. A GET may be sent again: on a loaded machine a
// kept-alive connection the server closed as it was reused fails with "fetch failed", which says
// nothing about what ferry did, so such a read is tried a few times before the test fails on it.
export async function getJson<T>(url: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      continue;
    }
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return (await response.json()) as T;
  }
}
