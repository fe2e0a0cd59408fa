"""Checks on one staff person's keypoints (COCO layout, source pixels). Pure numpy; each answer is
True / False / None (None: the keypoints needed are not visible)."""

from __future__ import annotations

import logging

import numpy as np

from detectors.detections import (
    KP_LEFT_EAR,
    KP_LEFT_ELBOW,
    KP_LEFT_EYE,
    KP_LEFT_SHOULDER,
    KP_LEFT_WRIST,
    KP_NOSE,
    KP_RIGHT_EAR,
    KP_RIGHT_ELBOW,
    KP_RIGHT_EYE,
    KP_RIGHT_SHOULDER,
    KP_RIGHT_WRIST,
    Detections,
)

logger = logging.getLogger(__name__)

HEAD = [KP_NOSE, KP_LEFT_EYE, KP_RIGHT_EYE, KP_LEFT_EAR, KP_RIGHT_EAR]
HANDS_AND_FACE = [KP_LEFT_WRIST, KP_RIGHT_WRIST, KP_NOSE, KP_LEFT_EAR, KP_RIGHT_EAR]
FACE = [KP_NOSE, KP_LEFT_EYE, KP_RIGHT_EYE]
BODY = [KP_LEFT_EAR, KP_RIGHT_EAR, KP_LEFT_SHOULDER, KP_RIGHT_SHOULDER, KP_LEFT_ELBOW, KP_RIGHT_ELBOW, KP_LEFT_WRIST,
        KP_RIGHT_WRIST]
MIN_VISIBILITY = 0.5
# nose and eyes all under this (no face point seen): the face is hidden. Measured on the devset: the sleepers
# 0.00-0.38 (at the live path's 320 px window crops and on 640 px tiles), students bowed over their work with
# hair over the face 0.07-0.16, a clerk bowed over her phone 0.49 (hidden too: only stillness tells them apart)
FACE_HIDDEN = MIN_VISIBILITY
BODY_SEEN = 0.3  # a shoulder, elbow, wrist or ear at least this sure counts as seen beside a hidden face


def visible(kp: np.ndarray, idx: list[int]) -> np.ndarray:
    """[K, 2] positions of the listed keypoints that are visible."""
    return visible_at(kp, idx, MIN_VISIBILITY)


def visible_at(kp: np.ndarray, idx: list[int], sure: float) -> np.ndarray:
    """[K, 2] positions of the listed keypoints the model is at least `sure` of."""
    pts = kp[idx]
    return pts[pts[:, 2] >= sure][:, :2]


def shoulders(kp: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Midpoint of both shoulders and their distance (the body's scale), or None."""
    pts = visible(kp, [KP_LEFT_SHOULDER, KP_RIGHT_SHOULDER])
    if len(pts) < 2:
        return None
    width = float(np.linalg.norm(pts[0] - pts[1]))
    return (pts.mean(axis=0), width) if width > 1 else None


def head_position(kp: np.ndarray) -> np.ndarray | None:
    """Head centre relative to the shoulder midpoint, in shoulder widths (x right, y down), or None."""
    found = shoulders(kp)
    head = visible(kp, HEAD)
    if found is None or not len(head):
        return None
    centre, width = found
    return (head.mean(axis=0) - centre) / width


def face_hidden(kp: np.ndarray) -> bool:
    """Nose and eyes all unsure while a shoulder and one more joint (shoulder, elbow, wrist, ear) are seen: the
    head lies on the arms or is bowed far over the desk (a box of legs alone has no shoulder)."""
    body = kp[BODY]
    shoulder_seen = kp[[KP_LEFT_SHOULDER, KP_RIGHT_SHOULDER], 2].max() >= BODY_SEEN
    return bool(kp[FACE, 2].max() < FACE_HIDDEN and shoulder_seen and (body[:, 2] >= BODY_SEEN).sum() >= 2)


def dozing_cue(kp: np.ndarray, person_box: np.ndarray) -> np.ndarray | None:
    """One frame's evidence for dozing: [drop, hidden, x, y, wx, wy]. With the head seen: drop = `head_drop`,
    hidden 0, (x, y) = `head_position`. With the face hidden (`face_hidden`; from eye level or above): drop 0,
    hidden 1, (x, y) = the centre of the seen shoulders, elbows, wrists and ears. (wx, wy) = the seen wrists'
    centre ((x, y) again when no wrist is seen). Points are relative to the shoulder midpoint in shoulder widths,
    or to the box's top left in 0.4 box heights (about a shoulder width) without both shoulders. The vote's
    stillness is measured on (x, y, wx, wy): a writing hand moves. None when neither can be told."""
    hidden = face_hidden(kp)
    position = None if hidden else head_position(kp)  # an ear alone beside a hidden face is not a head seen
    if position is None and not hidden:
        return None
    found = shoulders(kp)
    if found is not None:
        origin, unit = found
    else:
        x1, y1, _, y2 = (float(v) for v in person_box)
        origin, unit = np.array([x1, y1], np.float32), 0.4 * max(y2 - y1, 1.0)
    if position is None:
        seen = visible_at(kp, BODY, BODY_SEEN)
        point, drop, hidden = (seen.mean(axis=0) - origin) / unit, 0.0, 1.0
    else:
        point, drop, hidden = position, float(position[1]), 0.0
    wrists = visible_at(kp, [KP_LEFT_WRIST, KP_RIGHT_WRIST], BODY_SEEN)
    hands = (wrists.mean(axis=0) - origin) / unit if len(wrists) else point
    return np.array([drop, hidden, point[0], point[1], hands[0], hands[1]], np.float32)


def head_down(cue: np.ndarray, min_drop: float) -> np.ndarray:
    """Per `dozing_cue` (or a stack of them, [..., 6]): the face hidden, or the head at least `min_drop` shoulder
    widths below the shoulder line."""
    return (cue[..., 1] > 0) | (cue[..., 0] >= min_drop)


def head_drop(kp: np.ndarray) -> float | None:
    """How far the head is below the shoulder line, in shoulder widths (image y down).
    Upright: about -0.6 to -1.0; reading or writing: about -0.3; slumped on the desk: >= 0."""
    position = head_position(kp)
    return None if position is None else float(position[1])


def box_distance(box: np.ndarray, points: np.ndarray) -> float:
    """Pixels from a box (xyxy) to the nearest of `points` [K, 2]; 0 for a point inside it."""
    x1, y1, x2, y2 = (float(v) for v in box)
    dx = np.maximum(np.maximum(x1 - points[:, 0], 0), points[:, 0] - x2)
    dy = np.maximum(np.maximum(y1 - points[:, 1], 0), points[:, 1] - y2)
    return float(np.hypot(dx, dy).min())


def phone_in_use(phones: Detections, kp: np.ndarray, person_box: np.ndarray,
                 reach: float = 0.35) -> tuple[bool | None, float]:
    """A phone is in use when one lies within `reach` shoulder widths of a wrist or the face
    (in the hand, or at the ear); one further away is lying on the desk. Measured on real frames:
    held phones 0.16-0.17 from a wrist, a phone on the desk beside a writing hand 0.59.
    Returns (answer, score)."""
    if not len(phones):
        return False, 0.0
    anchors = visible(kp, HANDS_AND_FACE)
    if not len(anchors):
        return None, float(phones.confidence.max())  # a phone, but no hands or face to tie it to
    found = shoulders(kp)
    scale = found[1] if found else 0.25 * float(person_box[3] - person_box[1])
    for i in np.argsort(-phones.confidence):
        if box_distance(phones.xyxy[i], anchors) <= reach * scale:
            return True, float(phones.confidence[i])
    return False, 0.0


def phone_at_ear(phone_box: np.ndarray, kp: np.ndarray, person_box: np.ndarray, reach: float = 0.35) -> bool | None:
    """A call: the phone within `reach` shoulder widths of an ear (or the nose, when both ears are hidden) and
    its centre above the shoulder line. None when neither the head nor the shoulders can be seen."""
    head = visible(kp, [KP_LEFT_EAR, KP_RIGHT_EAR])
    if not len(head):
        head = visible(kp, [KP_NOSE])
    found = shoulders(kp)
    if not len(head) or found is None:
        return None
    (_, shoulder_y), scale = found
    centre_y = (float(phone_box[1]) + float(phone_box[3])) / 2
    return bool(box_distance(phone_box, head) <= reach * scale and centre_y < shoulder_y)


class DozingVote:
    """Dozing over a sliding window of frames: most frames with the head at or below the shoulder line or the
    face hidden, and head and hands hardly moving (`dozing_cue`'s x, y, wx, wy). None until enough of the window
    is known."""

    def __init__(self, window_s: float = 20.0, min_drop: float = 0.25, max_motion: float = 0.08,
                 agree: float = 0.7) -> None:
        self.window_s, self.min_drop, self.max_motion, self.agree = window_s, min_drop, max_motion, agree
        self._frames: list[tuple[float, np.ndarray | None]] = []

    def reset(self) -> None:
        self._frames.clear()

    def update(self, ts: float, cue: np.ndarray | None) -> tuple[bool | None, float | None]:
        """cue: this frame's `dozing_cue` (None when it cannot be told) -> (dozing, share of frames head down)."""
        self._frames = [f for f in self._frames if ts - f[0] < self.window_s] + [(ts, cue)]
        known = np.array([c for _, c in self._frames if c is not None], np.float32).reshape(-1, 6)
        span = self._frames[-1][0] - self._frames[0][0]
        if len(known) < 3 or span < 0.5 * self.window_s or len(known) < 0.6 * len(self._frames):
            return None, None
        down = float(np.mean(head_down(known, self.min_drop)))
        motion = float(np.linalg.norm(known[:, 2:].std(axis=0)))
        return down >= self.agree and motion <= self.max_motion, down
