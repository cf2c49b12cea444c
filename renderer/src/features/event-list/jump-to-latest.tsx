export function JumpToLatest({ count, onJump }: { count: number; onJump(): void }) {
  return (
    <button type="button" className="jump-to-latest" onClick={onJump}>
      {count.toLocaleString('en-US')} new — jump to latest
    </button>
  );
}
