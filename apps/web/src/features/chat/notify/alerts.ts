/** A favicon with a red unread badge, drawn on a canvas (a data: URL; nothing is fetched). */
export function badgeFavicon(count: number): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#3b5bdb';
  ctx.beginPath();
  ctx.roundRect(2, 4, 24, 20, 6);
  ctx.fill();
  if (count > 0) {
    ctx.fillStyle = '#e03131';
    ctx.beginPath();
    ctx.arc(22, 10, 10, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 13px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(count > 9 ? '9+' : String(count), 22, 11);
  }
  return canvas.toDataURL('image/png');
}

let audio: AudioContext | null = null;

/** A short, soft two-tone beep made with WebAudio (no sound files). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.09);
      gain.gain.exponentialRampToValueAtTime(0.08, now + i * 0.09 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.09 + 0.08);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.09);
      osc.stop(now + i * 0.09 + 0.09);
    }
  } catch {
    // No audio device or autoplay refused: stay silent.
  }
}
