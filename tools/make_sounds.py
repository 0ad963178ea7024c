"""Make the station's verdict sounds (resources/sounds/*.wav): short, distinct, no licence issue.

ok: a rising two-tone chime; warn: one mid tone; alert: a low triple buzz. Run again to change them.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def tone(freq: float, seconds: float, volume: float = 0.5) -> list[int]:
    count = int(RATE * seconds)
    fade = int(RATE * 0.01)
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(int(32767 * volume * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    return samples


def silence(seconds: float) -> list[int]:
    return [0] * int(RATE * seconds)


def write(name: str, samples: list[int]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / f"{name}.wav"), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(struct.pack(f"<{len(samples)}h", *samples))


if __name__ == "__main__":
    write("ok", tone(880, 0.08) + tone(1320, 0.12))
    write("warn", tone(660, 0.25))
    write("alert", tone(220, 0.12, 0.6) + silence(0.05) + tone(220, 0.12, 0.6) + silence(0.05) + tone(220, 0.12, 0.6))
