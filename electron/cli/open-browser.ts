import { spawn } from 'node:child_process';

/**
 * Best effort: ask the desktop to open `url` in the user's browser. Headless machines (SSH, containers) have no
 * opener; the URL is always printed too, so nothing depends on this working.
 */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [command, args] =
    platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false)); // no opener installed: the printed URL is the way in
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
