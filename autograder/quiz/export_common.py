"""What every exporter shares: the export report and per-language texts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExportReport:
    """What an exporter wrote, and everything it could not express faithfully."""

    target: str
    exported: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # item id -> reason
    degraded: dict[str, str] = field(default_factory=dict)  # item id -> what was lost
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.target}: {len(self.exported)} items exported"]
        out += [f"  skipped {i}: {why}" for i, why in self.skipped.items()]
        out += [f"  degraded {i}: {what}" for i, what in self.degraded.items()]
        out += [f"  note: {n}" for n in self.notes]
        return out
