"""A head turn rendered from a 3-D face: the photo's own 68 landmarks are lifted onto a mean-face
depth profile, rotated about the vertical axis (yaw) and projected back; the photo is warped
triangle by triangle (piecewise affine, far triangles drawn first so the near side of the face
covers the far side, as on a real head).

Why: the earlier simulated turn was a smooth 2-D warp of the photo. Its landmarks did not move as
a head's do (some faces "turned" less than 14°; the texture of others moved almost like a sheet,
so the kiosk's 3-D check called them flat). A real head is a solid: nose, eyes, cheeks and jaw are
at different depths and move differently when it turns. This mesh is coarse (a few dozen planar
facets), but it is a solid, so what the 3-D check sees of it is what it would see of a head.

The depth profile is a generic anthropometric one, not any person's: the face in plan view is an
ellipse whose half width `a` is half the jaw span and whose depth (jaw end to cheek front) is
0.75 a; on it the nose rises up to 0.30 a (tip), the eyes sit 0.10 a deep in their sockets, the
brow ridge 0.02 a and the lips 0.08 a proud. So the nose tip is ~1.05 a in front of the jaw ends,
and a turn of yaw θ moves it by ~0.5·tan θ of the face width relative to the jaw (a real head:
tip of the nose ~10 cm in front of the ears, face ~14 cm wide). Orthographic projection (a face
at arm's length from a kiosk camera: depth ≪ distance).

Imports only numpy and cv2. Test/demo use only."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]
Points = npt.NDArray[np.float64]
Landmarks = Mapping[str, Sequence[tuple[float, float]]]

CHEEK_DEPTH = 0.75  # of the face's half width: jaw end to the front of the cheek
NOSE_BRIDGE = (0.10, 0.17, 0.24, 0.31)  # raised over the cheek surface, top to bottom
NOSE_BASE = (0.12, 0.22, 0.30, 0.22, 0.12)  # nostril wing, …, tip, …, wing
EYE = -0.10
BROW = 0.02
LIPS = 0.08
RING = -0.10  # hair and ears around the face: at the side of the head


def _surface(u: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Depth of the face's front surface at horizontal position u (-1 … 1 between the jaw ends)."""
    return np.asarray(CHEEK_DEPTH * np.sqrt(np.clip(1.0 - u * u, 0.0, 1.0)))


class HeadMesh:
    """The photo's face as a coarse solid: `render(img, yaw_deg)` turns it.

    Positive yaw turns the citizen to their own left (the nose moves to the image's right, the
    kiosk's "turn_left")."""

    def __init__(self, landmarks: Landmarks, size: tuple[int, int]) -> None:
        w, h = size
        chin = np.asarray(landmarks["chin"], np.float64)
        left, right = chin[0], chin[-1]
        self.cx = float((left[0] + right[0]) / 2)
        self.a = max(float(abs(right[0] - left[0]) / 2), 1.0)
        brows = np.asarray(list(landmarks["left_eyebrow"]) + list(landmarks["right_eyebrow"]), np.float64)
        face_h = float(chin[len(chin) // 2][1] - brows[:, 1].mean())
        pts: list[tuple[float, float]] = []
        rise: list[float] = []  # height over the cheek surface

        def add(points: Sequence[tuple[float, float]], above: Sequence[float] | float) -> None:
            for i, p in enumerate(points):
                pts.append((float(p[0]), float(p[1])))
                rise.append(float(above[i] if isinstance(above, Sequence) else above))

        add(landmarks["chin"], 0.0)
        add(landmarks["left_eyebrow"], BROW)
        add(landmarks["right_eyebrow"], BROW)
        add(landmarks["nose_bridge"], NOSE_BRIDGE if len(landmarks["nose_bridge"]) == 4 else 0.2)
        add(landmarks["nose_tip"], NOSE_BASE if len(landmarks["nose_tip"]) == 5 else 0.2)
        add(landmarks["left_eye"], EYE)
        add(landmarks["right_eye"], EYE)
        add(landmarks["top_lip"], LIPS)
        add(landmarks["bottom_lip"], LIPS)
        # forehead: above the brows, on the cheek surface
        for p in brows:
            pts.append((self.cx + (p[0] - self.cx) * 1.05, p[1] - 0.45 * face_h))
            rise.append(0.0)
        n_face = len(pts)
        # hair and ears: a ring around the face that turns with it
        cy = float((brows[:, 1].mean() + chin[len(chin) // 2][1]) / 2)
        for k in range(16):
            ang = 2 * math.pi * k / 16
            pts.append((self.cx + 1.3 * self.a * math.cos(ang), cy - 0.2 * face_h + 1.25 * face_h * math.sin(ang)))
            rise.append(0.0)
        xy = np.asarray(pts, np.float64)
        # duplicates (face_recognition's lip lists share points) would make degenerate triangles
        _, keep = np.unique(np.round(xy, 1), axis=0, return_index=True)
        keep = np.sort(keep)
        u = (xy[:, 0] - self.cx) / self.a
        z = _surface(u) + np.asarray(rise)
        z[n_face:] = RING
        self.src = xy[keep]
        self.z = z[keep] * self.a
        self.moving = len(self.src)
        # the room behind the head does not move: fixed points along the frame's edges
        border = [(x, y) for x in (0.0, w / 2, w - 1.0) for y in (0.0, h / 2, h - 1.0) if (x, y) != (w / 2, h / 2)]
        self.src = np.vstack([self.src, np.asarray(border, np.float64)])
        self.triangles = self._triangulate(self.src, size)

    @staticmethod
    def _triangulate(pts: Points, size: tuple[int, int]) -> list[tuple[int, int, int]]:
        w, h = size
        sub = cv2.Subdiv2D((0, 0, w, h))
        inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
        for p in pts[inside]:
            sub.insert((float(p[0]), float(p[1])))
        out = []
        for t in np.asarray(sub.getTriangleList(), np.float64):
            corners = t.reshape(3, 2)
            if np.any(corners < 0) or np.any(corners[:, 0] >= w) or np.any(corners[:, 1] >= h):
                continue  # Subdiv2D's outer helper vertices
            idx = tuple(int(np.argmin(np.sum((pts - c) ** 2, axis=1))) for c in corners)
            if len(set(idx)) == 3:
                out.append((idx[0], idx[1], idx[2]))
        return out

    def project(self, yaw_deg: float) -> tuple[Points, npt.NDArray[np.float64]]:
        """Image positions and depths (towards the camera) of the mesh points at this yaw."""
        th = math.radians(yaw_deg)
        dst = self.src.copy()
        depth = np.full(len(self.src), -1e9)  # the room is behind everything
        x = self.src[: self.moving, 0] - self.cx
        z = self.z
        dst[: self.moving, 0] = self.cx + x * math.cos(th) + z * math.sin(th)
        depth[: self.moving] = -x * math.sin(th) + z * math.cos(th)
        return dst, depth

    def render(self, img: Image, yaw_deg: float) -> Image:
        """`img` (the frame the landmarks belong to) with the head turned by `yaw_deg`."""
        if abs(yaw_deg) < 1e-3:
            return img
        dst, depth = self.project(yaw_deg)
        out = img.copy()
        h, w = img.shape[:2]
        moved = np.any(np.abs(dst - self.src) > 0.05, axis=1)
        order = sorted((tri for tri in self.triangles if moved[list(tri)].any()),
                       key=lambda tri: float(np.mean(depth[list(tri)])))
        for tri in order:
            idx = list(tri)
            d = dst[idx].astype(np.float32)
            x0, y0 = np.floor(d.min(axis=0)).astype(int)
            x1, y1 = np.ceil(d.max(axis=0)).astype(int) + 1
            x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
            if x1 <= x0 or y1 <= y0:
                continue
            local = d - np.array([x0, y0], np.float32)
            m = cv2.getAffineTransform(self.src[idx].astype(np.float32), local)
            patch = cv2.warpAffine(img, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_REFLECT_101)
            mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
            cv2.fillConvexPoly(mask, np.round(local).astype(np.int32), 1)
            cv2.copyTo(patch, mask, out[y0:y1, x0:x1])
        return out
