"""Screenshots of the appraisal screens of a running demo database.

Logs in as the demo users (README, "Demo data"), opens the appraisal form in
Self Review (``agent``) and in Supervisor Review (``lead``), Score My Team
(``lead``) and the calibration board and its graph (``hr``), and saves PNG files taken by headless Chromium through its DevTools
protocol (``websocket-client``, from ``make venv``)::

    python tools/kpi_screenshots.py http://localhost:8069 [-d kpi_demo]
        [--out docs/screenshots] [--lang zh_CN,en_US] [--width 1440,1280,390]

The users' language is switched for the shots and set back afterwards. With
``--readme``, only the shots the README shows are taken (zh_CN, 1280 px).
"""

import argparse
import base64
import http.cookiejar
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
# shot name -> (login, path of the screen, CSS selector that says it is ready,
# group rows to open); {self_review} and {manager_review} are appraisal ids
FORM_READY = (
    ".o_form_view .o_field_widget[name=line_ids] :is(.o_data_row, .o_kanban_record)"
)
SHOTS = {
    "self-review": (
        "agent",
        "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_mine/{self_review}",
        FORM_READY,
        0,
    ),
    "supervisor-review": (
        "lead2",
        "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action/{manager_review}",
        FORM_READY,
        0,
    ),
    "score-my-team": (
        "lead",
        "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_line_action_score_team",
        ":is(.o_list_view .o_group_header, .o_kanban_view .o_kanban_record)",
        2,
    ),
    "calibration-board": (
        "hr",
        "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_calibration",
        ".o_kpi_calibration_board .o_kanban_record",
        0,
    ),
    "calibration-graph": (
        "hr",
        "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_calibration"
        "?view_type=graph",
        ".o_graph_renderer canvas",
        0,
    ),
}
# the appraisal of each state that the form shots show: the agent's own S01,
# and an S04 of the second lead's team (bands, deductions, ratios, percentages)
STATE_DOMAINS = {
    "self_review": lambda uid: [("employee_id.user_id", "=", uid)],
    "manager_review": lambda uid: [
        ("manager_id.user_id", "=", uid),
        ("template_id.code", "=", "S04"),
    ],
}
DESKTOP_ONLY = {"calibration-graph"}
DESKTOP_WIDTH = 768
README_SHOTS = (
    ("supervisor-review", "zh_CN", 1280),
    ("score-my-team", "zh_CN", 1280),
    ("calibration-board", "zh_CN", 1280),
)


class Session:
    """A logged-in JSON-RPC session of one user."""

    def __init__(self, url, db, login):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.uid = self.call(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": login},
        )["uid"]

    def call(self, path, params):
        request = urllib.request.Request(
            self.url + path,
            json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
            {"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=120) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def model(self, model, method, *args, **kwargs):
        return self.call(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    @property
    def session_id(self):
        return next(c.value for c in self.jar if c.name == "session_id")


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="kpi-shots-")
        self.process = subprocess.Popen(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _attempt in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as response:
            page = next(t for t in json.load(response) if t["type"] == "page")
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=120, suppress_origin=True
        )
        self.next_id = 0

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, selector, timeout=90):
        script = (
            f"!!document.querySelector({json.dumps(selector)})"
            " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.send("Runtime.evaluate", expression=script)
            if result["result"].get("value"):
                time.sleep(1.0)  # let the last renders and fonts settle
                return
            time.sleep(0.3)
        raise TimeoutError(f"{selector} did not appear")

    def open_groups(self, count):
        """Open the first ``count`` group rows of a grouped list that are
        still closed."""
        for _index in range(count):
            self.send(
                "Runtime.evaluate",
                expression="document.querySelector("
                "'.o_group_header:not(.o_group_open)')?.click()",
            )
            time.sleep(1.5)

    def shoot(self, session, url, selector, width, path, groups=0):
        mobile = width < 768
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=844 if mobile else 900,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        self.send("Network.enable")
        self.send("Network.clearBrowserCookies")
        self.send(
            "Network.setCookie",
            name="session_id",
            value=session.session_id,
            url=session.url,
        )
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        self.wait_for(selector)
        self.open_groups(groups)
        height = self.send(
            "Runtime.evaluate",
            expression="Math.max(document.body.scrollHeight,"
            " ...[...document.querySelectorAll('.o_content, .o_form_sheet_bg')]"
            ".map(e => e.scrollHeight))",
        )["result"]["value"]
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=min(int(height) + 60, 2400),
            deviceScaleFactor=1,
            mobile=mobile,
        )
        time.sleep(0.5)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def appraisal_ids(session):
    """The latest appraisal of each state of STATE_DOMAINS that the user sees."""
    found = {}
    for state, domain in STATE_DOMAINS.items():
        ids = session.model(
            "hr.kpi.appraisal",
            "search",
            [*domain(session.uid), ("state", "=", state)],
            order="date_from desc, id",
            limit=1,
        )
        if ids:
            found[state] = ids[0]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the Odoo server, e.g. http://localhost:8069")
    parser.add_argument("-d", "--database", default="kpi_demo")
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    parser.add_argument("--lang", default="zh_CN,en_US")
    parser.add_argument("--width", default="1440,1280,390")
    parser.add_argument("--readme", action="store_true", help="the README's shots")
    parser.add_argument(
        "--chromium", default=shutil.which("chromium") or "/usr/bin/chromium"
    )
    args = parser.parse_args()
    url = args.url.rstrip("/")
    if args.readme:
        plan = list(README_SHOTS)
    else:
        plan = [
            (name, lang, int(width))
            for name in SHOTS
            for lang in args.lang.split(",")
            for width in args.width.split(",")
            # Odoo offers no graph view on a phone's width
            if name not in DESKTOP_ONLY or int(width) >= DESKTOP_WIDTH
        ]
    args.out.mkdir(parents=True, exist_ok=True)
    sessions = {}
    ids = {}
    for login in {SHOTS[name][0] for name, _lang, _width in plan}:
        sessions[login] = Session(url, args.database, login)
        ids.update(appraisal_ids(sessions[login]))
    languages = {
        login: s.model("res.users", "read", [s.uid], ["lang"])[0]["lang"]
        for login, s in sessions.items()
    }
    browser = Browser(args.chromium)
    try:
        for name, lang, width in plan:
            login, path, selector, groups = SHOTS[name]
            session = sessions[login]
            session.model("res.users", "write", [session.uid], {"lang": lang})
            target = args.out / f"{name}-{lang}-{width}.png"
            browser.shoot(
                session, url + path.format(**ids), selector, width, target, groups
            )
            print(target)
    finally:
        browser.close()
        for login, session in sessions.items():
            session.model(
                "res.users", "write", [session.uid], {"lang": languages[login]}
            )


if __name__ == "__main__":
    os.environ.setdefault("NO_PROXY", "localhost,127.0.0.1")
    main()
