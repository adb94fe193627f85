"""An independent RTSP camera for the interop suite: GStreamer's RTSP server (Debian's gir1.2-gst-rtsp-server-1.0)
serving a live 640x360 25 fps H.264 test picture with a key frame every second.

Run it with Debian's python (/usr/bin/python3: the python3 on PATH may have no `gi`):

    /usr/bin/python3 interop/gst_camera.py PORT [PATH]

PORT 0 picks a free port. With CAMERA_USER and CAMERA_PASSWORD in the environment the camera asks for them (RTSP
Basic auth) and refuses anyone else. When it listens it prints one line, without the credentials:

    gst-camera ready at rtsp://127.0.0.1:PORT/PATH

It stops cleanly (exit 0) on SIGTERM or SIGINT.
"""
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

PIPELINE = ("( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1"
            " ! x264enc tune=zerolatency key-int-max=25 speed-preset=ultrafast"
            " ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )")


def main(argv):
    if len(argv) not in (2, 3) or not argv[1].isdigit():
        print("usage: gst_camera.py PORT [PATH]", file=sys.stderr)
        return 2
    port, path = int(argv[1]), "/" + (argv[2] if len(argv) == 3 else "camera").strip("/")
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINE)
    factory.set_shared(True)  # one encoder whoever watches; a reconnecting client joins the live picture
    user, password = os.environ.get("CAMERA_USER"), os.environ.get("CAMERA_PASSWORD")
    if user and password:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        server.set_auth(auth)
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role("viewer", "media.factory.access", True)
        permissions.add_permission_for_role("viewer", "media.factory.construct", True)
        factory.set_permissions(permissions)
    server.get_mount_points().add_factory(path, factory)
    if server.attach(None) == 0:
        print(f"gst-camera: cannot listen on 127.0.0.1:{port}", file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print(f"gst-camera ready at rtsp://127.0.0.1:{server.get_bound_port()}{path}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
