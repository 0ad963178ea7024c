"""Whether the gate decides on the event hub or at this desk alone, in the status bar (issue 16).

The station's line to the hub (services/checkin/hub_admission.HubAdmissions) goes offline on the
window's thread, in the middle of a scan that found the hub late or gone, and comes back on its
probe's thread when the hub answers again. The watch reads its state on the window's thread only:
right after each scan (so the status bar says "offline" together with the offline verdict), and
on a short timer (so the desk notices the hub back within a second of the probe finding it; the
probe asks every 2 s, so within 5 s of the hub answering). No Qt reaches into the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from expo_console.gui.sync.runner import Phase, SyncState
from expo_console.gui.sync.status import event_time
from expo_console.services.checkin.hub_admission import HubAdmissions

POLL_MS = 500
BACK_ONLINE_SHOWN_MS = 60_000  # "back online" is news for a minute, then the plain "on the hub"


@dataclass(frozen=True)
class GateLink:
    on_hub: bool = False  # the station has a hub to decide on (a file on a hub this desk knows)
    offline_since: dt.datetime | None = None  # aware; set while the gate decides at this desk
    back: bool = False  # online again after having been offline

    @property
    def online(self) -> bool:
        return self.on_hub and self.offline_since is None


class GateLinkWatch(QObject):
    """Follows one station's HubAdmissions; `changed` when it goes offline or comes back."""

    changed = Signal(object)  # GateLink

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.admissions: HubAdmissions | None = None
        self.state = GateLink()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)

    def follow(self, admissions: HubAdmissions | None) -> None:
        """Watch these admissions from now on (None: the station decides on its file alone)."""
        self.admissions = admissions
        self._set(GateLink(admissions is not None, admissions.offline_since if admissions else None))
        if admissions is None:
            self.timer.stop()
        else:
            self.timer.start()

    def check(self) -> None:
        admissions = self.admissions
        if admissions is None:
            return
        since = admissions.offline_since  # one read: the probe's thread may clear it meanwhile
        if since == self.state.offline_since:
            return
        self._set(GateLink(True, since, back=since is None))

    def stop(self) -> None:
        self.timer.stop()

    def _set(self, state: GateLink) -> None:
        self.state = state
        self.changed.emit(state)


class GateLinkStatus(QLabel):
    """The status bar's words for the gate's line to the hub; hidden when the file is on no hub.

    The gate finds the hub gone only when a scan asks it, so while the sync already says the hub
    is offline and no scan has found it so, the gate says nothing rather than "on the hub"."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gateHubStatus")
        self.zone = zone
        self.link = GateLink()
        self.sync_offline = False
        self._plain_again = QTimer(self)
        self._plain_again.setSingleShot(True)
        self._plain_again.setInterval(BACK_ONLINE_SHOWN_MS)
        self._plain_again.timeout.connect(lambda: self.show_link(GateLink(True)))
        self.show_link(GateLink())

    def follow_sync(self, state: SyncState) -> None:
        offline = state.phase in (Phase.OFFLINE, Phase.FAILED)
        if offline != self.sync_offline:
            self.sync_offline = offline
            self.setVisible(self._shown(self.link))

    def show_link(self, link: GateLink) -> None:
        self.link = link
        self._plain_again.stop()
        self.setVisible(self._shown(link))
        text, tip, state = self.describe(link)
        self.setText(text)
        self.setToolTip(tip)
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        if link.back:
            self._plain_again.start()

    def _shown(self, link: GateLink) -> bool:
        return link.on_hub and not (self.sync_offline and link.online and not link.back)

    def describe(self, link: GateLink) -> tuple[str, str, str]:
        """The words, the tooltip and the style state for the gate's line to the hub."""
        if not link.on_hub:
            return "", "", "none"
        if link.offline_since is not None:
            since = event_time(link.offline_since, self.zone, seconds=False)
            return (self.tr("Gate offline since %1: deciding at this desk").replace("%1", since),
                    self.tr("The hub did not answer in time, so this gate decides on this desk's own file: a badge "
                            "another desk admitted meanwhile may be admitted here too. The scans go to the hub when "
                            "it answers again; the gate goes back to deciding there by itself."), "offline")
        if link.back:
            return (self.tr("Gate back online: deciding on the hub again"),
                    self.tr("The hub answers again: every scan at this gate is decided on the hub, against every "
                            "desk's scans."), "back")
        return (self.tr("Gate: deciding on the hub"),
                self.tr("Every scan at this gate is decided on the hub, against every desk's scans: a badge admitted "
                        "at another desk is known here at once."), "online")
