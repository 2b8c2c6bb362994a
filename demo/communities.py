"""Demo communities: six well-known ones written by hand, and up to a hundred fictional but plausible
open-source groups in Taiwan (ten per scale step), each with a bilingual summary and introduction
and a generated logo.

The generated groups are invented: names that sound like the user groups one meets at COSCUP, with
introductions assembled from per-topic phrases (deterministic per slug), and no links, so the demo
claims nothing about a real group and sends nobody to an address that does not exist.
"""

import random
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from communities.models import Community

from .logos import logo_file

EXTRA_COMMUNITIES_PER_SCALE = 10


@dataclass(frozen=True)
class DemoCommunity:
    slug: str
    name: str
    name_zh_hant: str
    mark: str  # what the logo shows
    kind: str  # a key of KINDS: what the group does, for its texts and its track's sessions
    topic: str  # how the texts name the subject, in English ...
    topic_zh: str = ""  # ... and in Chinese (the English one when empty)
    summary: str = ""
    summary_zh_hant: str = ""
    introduction: str = ""
    introduction_zh_hant: str = ""
    website_url: str = ""

    @property
    def topic_zh_hant(self) -> str:
        return self.topic_zh or self.topic


# The six communities the rest of the demo names (responsible persons, follows, the fixture's tracks).
NAMED = [
    DemoCommunity(
        slug="python-tw",
        name="Python Taiwan",
        name_zh_hant="Python 台灣",
        mark="Py",
        kind="lang",
        topic="Python",
        summary="Python users in Taiwan: meetups, PyCon Taiwan and a friendly chat group.",
        summary_zh_hant="台灣的 Python 使用者社群：聚會、PyCon Taiwan 與友善的聊天群組。",
        introduction=(
            "We run monthly **meetups** in Taipei, Taichung and Kaohsiung and organize "
            "[PyCon Taiwan](https://tw.pycon.org).\n\n"
            "- Beginners welcome\n- Talks in Mandarin and English\n- Sprints where you send your first pull request\n\n"
            "At COSCUP we run the Python track and a table in the hallway: come and tell us what you built."
        ),
        introduction_zh_hant=(
            "我們每月在台北、台中與高雄舉辦**聚會**，籌辦 "
            "[PyCon Taiwan](https://tw.pycon.org)。\n\n"
            "- 歡迎初學者\n- 議程有華語也有英語\n- 衝刺活動帶你送出第一個 pull request\n\n"
            "COSCUP 期間我們負責 Python 議程軌，走廊上也有我們的桌子，歡迎來聊聊你做了什麼。"
        ),
        website_url="https://python.tw",
    ),
    DemoCommunity(
        slug="rust-tw",
        name="Rust Taiwan",
        name_zh_hant="Rust 台灣社群",
        mark="Rs",
        kind="lang",
        topic="Rust",
        summary="Rustaceans in Taiwan sharing systems programming, WebAssembly and embedded Rust.",
        summary_zh_hant="在台灣的 Rustacean：分享系統程式、WebAssembly 與嵌入式 Rust。",
        introduction=(
            "A study group that became a community. We read *The Book* together, translate documentation "
            "and hack on open-source crates.\n\n"
            "**Every other Wednesday** we meet online for a reading session; once a month we meet in Taipei "
            "for talks and pizza.\n\n"
            "Never written Rust? Bring a laptop to our track's workshop and leave with a working program."
        ),
        introduction_zh_hant=(
            "從讀書會長成的社群。我們一起讀 *The Book*、翻譯文件，並參與開源 crate 的開發。\n\n"
            "**隔週三**晚上線上讀書，每月一次在台北實體聚會，有分享也有披薩。\n\n"
            "沒寫過 Rust？帶筆電來參加議程軌的工作坊，離開時就有一個能跑的程式。"
        ),
        website_url="https://rust.tw",
    ),
    DemoCommunity(
        slug="openhardware",
        name="Open Hardware",
        name_zh_hant="開放硬體",
        mark="OH",
        kind="hardware",
        topic="open hardware",
        topic_zh="開放硬體",
        summary="Makers building open hardware: boards, firmware and the tools around them.",
        summary_zh_hant="打造開放硬體的創客：電路板、韌體與相關工具。",
        introduction=(
            "Bring your boards! We host a **hardware corner** with soldering irons and logic analysers, and "
            "talks about KiCad, RISC-V and firmware.\n\n"
            "- Soldering workshop for beginners, both days\n- Show-and-tell table for your projects\n"
            "- Design files of everything we build are public"
        ),
        introduction_zh_hant=(
            "帶著你的板子來！我們設有**硬體角落**，提供烙鐵與邏輯分析儀，議程涵蓋 KiCad、RISC-V 與韌體。\n\n"
            "- 兩天都有新手焊接工作坊\n- 作品展示桌，歡迎帶作品來\n- 我們做的東西，設計檔全部公開"
        ),
        website_url="https://openhardware.tw",
    ),
    DemoCommunity(
        slug="ubuntu-tw",
        name="Ubuntu Taiwan",
        name_zh_hant="Ubuntu 台灣社群",
        mark="U",
        kind="os",
        topic="Ubuntu",
        summary="Ubuntu and Linux desktop users helping each other since 2005.",
        summary_zh_hant="自 2005 年起互相幫忙的 Ubuntu 與 Linux 桌面使用者。",
        introduction=(
            "Install parties, translation sprints for Ubuntu in Traditional Chinese and a release party every "
            "April and October.\n\n"
            "Stuck with an input method, a printer or a laptop that will not sleep? Ask in our forum or drop "
            "by our booth: someone has had the same problem before."
        ),
        introduction_zh_hant=(
            "安裝派對、Ubuntu 正體中文翻譯衝刺，每年四月與十月還有發布派對。\n\n"
            "輸入法、印表機或筆電休眠出問題？到論壇發問或來攤位找我們，總有人遇過一樣的狀況。"
        ),
        website_url="https://www.ubuntu-tw.org",
    ),
    DemoCommunity(
        slug="g0v",
        name="g0v",
        name_zh_hant="g0v 零時政府",
        mark="g0v",
        kind="culture",
        topic="civic tech",
        topic_zh="公民科技",
        summary="Civic tech: citizens forking the government with open data and open source.",
        summary_zh_hant="公民科技：用開放資料與開源軟體「fork 政府」。",
        introduction=(
            "g0v is a decentralised civic tech community. Join a **hackathon**, pick a project from the board "
            "and start contributing — no permission needed.\n\n"
            "Not an engineer? Projects need writers, designers, translators and people who know how a "
            "public office works."
        ),
        introduction_zh_hant=(
            "g0v 是去中心化的公民科技社群。來參加**黑客松**，從提案看板挑一個專案就能開始貢獻，不必等誰許可。\n\n"
            "不是工程師？專案也需要文字、設計、翻譯，以及了解公部門怎麼運作的人。"
        ),
        website_url="https://g0v.tw",
    ),
    DemoCommunity(
        slug="osm-tw",
        name="OpenStreetMap Taiwan",
        name_zh_hant="OpenStreetMap 台灣",
        mark="OSM",
        kind="culture",
        topic="mapping",
        topic_zh="開放地圖",
        summary="Mapping Taiwan together in OpenStreetMap, the free map of the world.",
        summary_zh_hant="一起在 OpenStreetMap 這份自由的世界地圖上繪製台灣。",
        introduction=(
            "Mapping parties, tools for mappers and open geodata. Bring a phone and we'll show you how to add "
            "your neighbourhood to the map.\n\n"
            "During COSCUP we map the campus: walk around with us for an hour and see your edits live."
        ),
        introduction_zh_hant=(
            "圖聚、製圖工具與開放地理資料。帶著手機來，我們教你把自己的社區畫上地圖。\n\n"
            "COSCUP 期間我們會一起繪製校園，跟著走一小時，就能看到自己的編輯即時上線。"
        ),
        website_url="https://osm.tw",
    ),
]

# Invented groups: (slug, name, Chinese name, logo mark, kind, topic, Chinese topic). The first
# forty run the generated tracks (demo/tracks.py), so they are the ones most likely to have one.
_GENERATED = [
    ("k8s-tw", "Kubernetes Taiwan User Group", "Kubernetes 台灣使用者社群", "k8s", "cloud", "Kubernetes", ""),
    ("php-day", "PHP 也有 Day", "PHP 也有 Day", "PHP", "lang", "PHP", ""),
    ("vuejs-tw", "Vue.js Taiwan", "Vue.js 台灣", "Vue", "web", "Vue.js", ""),
    ("tlug", "Taiwan Linux User Group", "台灣 Linux 使用者社群", "TLUG", "os", "Linux", ""),
    ("golang-tw", "Golang Taiwan", "Golang 台灣", "Go", "lang", "Go", ""),
    ("pydata-tpe", "PyData Taipei", "PyData 台北", "PD", "data", "data science", "資料科學"),
    ("riscv-tw", "RISC-V Taiwan", "RISC-V 台灣", "RV", "hardware", "RISC-V", ""),
    ("wikimedia-tw", "Wikimedians of Taiwan", "台灣維基人", "W", "culture", "Wikipedia", "維基百科"),
    ("devops-tw", "DevOps Taiwan", "DevOps 台灣", "DO", "cloud", "DevOps", ""),
    ("react-tw", "React Taiwan", "React 台灣", "Re", "web", "React", ""),
    ("pgsql-tw", "PostgreSQL Taiwan", "PostgreSQL 台灣", "PG", "db", "PostgreSQL", ""),
    ("ctf-tw", "CTF Taiwan", "CTF 台灣", "CTF", "security", "security", "資安"),
    ("debian-tw", "Debian Taiwan", "Debian 台灣", "Deb", "os", "Debian", ""),
    ("flutter-tw", "Flutter Taiwan", "Flutter 台灣", "Fl", "web", "Flutter", ""),
    ("cc-tw", "Creative Commons Taiwan Community", "創用 CC 台灣社群", "CC", "culture", "open licences", "開放授權"),
    ("ruby-tw", "Ruby Taiwan", "Ruby 台灣", "Rb", "lang", "Ruby", ""),
    ("godot-tw", "Godot Taiwan", "Godot 台灣", "Gd", "creative", "Godot", ""),
    (
        "cloud-native-tw",
        "Cloud Native Taiwan User Group",
        "Cloud Native 台灣使用者社群",
        "CN",
        "cloud",
        "cloud native",
        "雲原生",
    ),
    ("kde-tw", "KDE Taiwan", "KDE 台灣", "KDE", "os", "KDE", ""),
    ("ml-tw", "Machine Learning Taiwan", "台灣機器學習社群", "ML", "data", "machine learning", "機器學習"),
    ("typescript-tw", "TypeScript Taiwan", "TypeScript 台灣", "TS", "web", "TypeScript", ""),
    (
        "write-the-docs-tpe",
        "Write the Docs Taipei",
        "Write the Docs 台北",
        "WtD",
        "people",
        "documentation",
        "技術文件",
    ),
    ("kernel-study-tw", "Linux Kernel Study Group", "Linux 核心讀書會", "LK", "os", "Linux", ""),
    ("privacy-tw", "Privacy Tools Taiwan", "隱私工具台灣", "PT", "security", "privacy", "隱私"),
    ("java-tw", "Taiwan Java User Group", "台灣 Java 使用者社群", "J", "lang", "Java", ""),
    ("raspberry-pi-tw", "Raspberry Pi Taiwan", "Raspberry Pi 台灣", "Pi", "hardware", "Raspberry Pi", ""),
    ("l10n-tw", "Open Source Localization Taiwan", "開源在地化社群", "L10n", "culture", "localization", "在地化"),
    ("sre-tw", "SRE Taiwan", "SRE 台灣", "SRE", "cloud", "site reliability", "網站可靠性"),
    ("fedora-tw", "Fedora Taiwan", "Fedora 台灣", "F", "os", "Fedora", ""),
    (
        "frontend-tw",
        "Frontend Developers Taiwan",
        "台灣前端開發者社群",
        "FE",
        "web",
        "front-end development",
        "前端開發",
    ),
    ("llm-tw", "Open LLM Taiwan", "開源語言模型台灣", "LLM", "data", "open language models", "開源語言模型"),
    (
        "women-in-os-tw",
        "Women in Open Source Taiwan",
        "女性開源社群",
        "WiOS",
        "people",
        "women in open source",
        "開源女性",
    ),
    ("kotlin-tw", "Kotlin Taipei User Group", "Kotlin 台北使用者社群", "Kt", "lang", "Kotlin", ""),
    ("keyboards-tw", "Mechanical Keyboard Makers Taiwan", "機械鍵盤自造者", "KB", "hardware", "keyboards", "鍵盤"),
    ("a11y-tw", "Accessibility Taiwan", "台灣無障礙社群", "a11y", "web", "accessibility", "無障礙"),
    ("selfhost-tw", "Self-Hosting Taiwan", "自架伺服器社群", "SH", "tools", "self-hosting", "自架服務"),
    ("elixir-tw", "Elixir Taiwan", "Elixir 台灣", "Ex", "lang", "Elixir", ""),
    ("osgeo-tw", "OSGeo Taiwan", "OSGeo 台灣", "Geo", "culture", "open geodata", "開放地理資料"),
    ("blender-tw", "Blender Taiwan", "Blender 台灣", "Bl", "creative", "Blender", ""),
    ("students-os-tw", "Student Open Source Taiwan", "學生開源社群", "SOS", "people", "student projects", "學生專案"),
    ("dotnet-tw", ".NET Taiwan", ".NET 台灣", ".NET", "lang", ".NET", ""),
    ("cpp-tw", "C++ Taiwan", "C++ 台灣", "C++", "lang", "C++", ""),
    ("haskell-tw", "Haskell Taiwan", "Haskell 台灣", "Hs", "lang", "Haskell", ""),
    ("julia-tw", "Julia Taiwan", "Julia 台灣", "Jl", "data", "Julia", ""),
    ("r-user-tw", "Taiwan R User Group", "台灣 R 語言使用者社群", "R", "data", "R", "R 語言"),
    ("scala-tw", "Scala Taiwan", "Scala 台灣", "Sc", "lang", "Scala", ""),
    ("zig-tw", "Zig Taiwan", "Zig 台灣", "Zig", "lang", "Zig", ""),
    ("clojure-tpe", "Clojure Taipei", "Clojure 台北", "Clj", "lang", "Clojure", ""),
    ("javascript-tw", "JavaScript Taiwan", "JavaScript 台灣", "JS", "web", "JavaScript", ""),
    ("nodejs-tw", "Node.js Taiwan", "Node.js 台灣", "N", "web", "Node.js", ""),
    ("angular-tw", "Angular Taiwan", "Angular 台灣", "Ng", "web", "Angular", ""),
    ("svelte-tw", "Svelte Taiwan", "Svelte 台灣", "Sv", "web", "Svelte", ""),
    ("wasm-tw", "WebAssembly Taiwan", "WebAssembly 台灣", "Wa", "web", "WebAssembly", ""),
    ("wordpress-tpe", "WordPress Taipei", "WordPress 台北", "WP", "web", "WordPress", ""),
    ("drupal-tw", "Drupal Taiwan", "Drupal 台灣", "Dr", "web", "Drupal", ""),
    ("laravel-tw", "Laravel Taiwan", "Laravel 台灣", "La", "web", "Laravel", ""),
    ("android-tw", "Android Developers Taiwan", "台灣 Android 開發者社群", "And", "web", "Android", ""),
    ("openinfra-tw", "OpenInfra Taiwan", "OpenInfra 台灣", "OI", "cloud", "open infrastructure", "開放基礎設施"),
    (
        "iac-tw",
        "Infrastructure as Code Taiwan",
        "基礎設施即程式碼台灣",
        "IaC",
        "cloud",
        "infrastructure as code",
        "基礎設施即程式碼",
    ),
    ("observability-tw", "Observability Taiwan", "可觀測性台灣", "Ob", "cloud", "observability", "可觀測性"),
    ("ceph-tw", "Ceph Taiwan", "Ceph 台灣", "Ce", "cloud", "Ceph", ""),
    ("ebpf-tw", "eBPF Taiwan", "eBPF 台灣", "eBPF", "cloud", "eBPF", ""),
    ("nixos-tw", "NixOS Taiwan", "NixOS 台灣", "Nix", "os", "NixOS", ""),
    ("archlinux-tw", "Arch Linux Taiwan", "Arch Linux 台灣", "Arch", "os", "Arch Linux", ""),
    ("opensuse-tw", "openSUSE Taiwan", "openSUSE 台灣", "oS", "os", "openSUSE", ""),
    ("gnome-tw", "GNOME Taiwan", "GNOME 台灣", "G", "os", "GNOME", ""),
    ("freebsd-tw", "FreeBSD Taiwan", "FreeBSD 台灣", "BSD", "os", "FreeBSD", ""),
    (
        "embedded-linux-tw",
        "Embedded Linux Taiwan",
        "嵌入式 Linux 台灣",
        "EL",
        "hardware",
        "embedded Linux",
        "嵌入式 Linux",
    ),
    ("arduino-tw", "Arduino Taiwan", "Arduino 台灣", "Ard", "hardware", "Arduino", ""),
    ("makers-tpe", "Taipei Makers", "台北創客", "MK", "hardware", "making things", "自造"),
    ("sdr-tw", "SDR Taiwan", "軟體無線電台灣", "SDR", "hardware", "software-defined radio", "軟體無線電"),
    ("3dprint-tw", "3D Printing Taiwan", "3D 列印台灣", "3D", "hardware", "3D printing", "3D 列印"),
    ("kicad-tw", "KiCad Taiwan", "KiCad 台灣", "Ki", "hardware", "KiCad", ""),
    ("iot-tw", "Open IoT Taiwan", "開源物聯網台灣", "IoT", "hardware", "the Internet of Things", "物聯網"),
    ("jupyter-tw", "Jupyter Taiwan", "Jupyter 台灣", "Jp", "data", "Jupyter", ""),
    ("data-eng-tw", "Data Engineering Taiwan", "台灣資料工程社群", "DE", "data", "data engineering", "資料工程"),
    ("mariadb-tw", "MariaDB and MySQL Taiwan", "MariaDB 與 MySQL 台灣", "My", "db", "MySQL", ""),
    ("appsec-tw", "Web Security Study Group", "網頁安全讀書會", "WS", "security", "web security", "網頁安全"),
    (
        "oss-security-tw",
        "Open Source Security Taiwan",
        "開源安全台灣",
        "Sec",
        "security",
        "open-source security",
        "開源安全",
    ),
    ("mozilla-tw", "Mozilla Community Taiwan", "Mozilla 台灣社群", "Moz", "culture", "the open web", "開放網路"),
    ("taigi-tech", "Taigi Tech", "台語科技社群", "TG", "culture", "Taiwanese language tools", "台語工具"),
    ("opendata-tw", "Open Data Taiwan", "開放資料台灣", "OD", "culture", "open data", "開放資料"),
    ("civic-design-tw", "Civic Design Taiwan", "公民設計台灣", "CD", "culture", "civic design", "公民設計"),
    ("open-edu-tw", "Open Education Taiwan", "開放教育台灣", "OE", "people", "open education", "開放教育"),
    ("scratch-tw", "Scratch Taiwan", "Scratch 台灣", "Scr", "people", "Scratch", ""),
    ("maintainers-tw", "Maintainers Taiwan", "開源維護者台灣", "MT", "people", "maintaining projects", "專案維護"),
    ("indie-games-tpe", "Indie Game Devs Taipei", "台北獨立遊戲開發者", "IG", "creative", "indie games", "獨立遊戲"),
    ("open-fonts-tw", "Open Fonts Taiwan", "開源字型社群", "Aa", "creative", "open fonts", "開源字型"),
    ("open-design-tw", "Open Design Taiwan", "開放設計社群", "Dz", "creative", "open design tools", "開放設計工具"),
    ("git-tw", "Git Taiwan", "Git 台灣", "Git", "tools", "Git", ""),
    ("vim-tw", "Vim Taiwan", "Vim 台灣", "Vim", "tools", "Vim", ""),
    ("emacs-tw", "Emacs Taiwan", "Emacs 台灣", "E", "tools", "Emacs", ""),
    ("fediverse-tw", "Fediverse Taiwan", "聯邦宇宙台灣", "Fedi", "tools", "the fediverse", "聯邦宇宙"),
    ("matrix-tw", "Matrix Taiwan", "Matrix 台灣", "Mx", "tools", "Matrix", ""),
    ("home-auto-tw", "Home Automation Taiwan", "智慧家庭開源社群", "HA", "tools", "home automation", "智慧家庭"),
    ("bioinfo-tw", "Open Bioinformatics Taiwan", "開源生物資訊社群", "Bio", "data", "bioinformatics", "生物資訊"),
    ("quantum-tw", "Open Quantum Computing Taiwan", "開源量子計算台灣", "Q", "data", "quantum computing", "量子計算"),
    ("swift-tpe", "Swift Taipei", "Swift 台北", "Sw", "web", "Swift", ""),
    ("ansible-tw", "Ansible Taiwan", "Ansible 台灣", "An", "cloud", "Ansible", ""),
    ("docker-tpe", "Container Taipei", "容器技術台北", "Ct", "cloud", "containers", "容器"),
    ("lua-tw", "Lua Taiwan", "Lua 台灣", "Lua", "lang", "Lua", ""),
]
# Past a hundred (scale 11 and up) the same groups gain city chapters.
CITIES = [("tainan", "Tainan", "台南"), ("hsinchu", "Hsinchu", "新竹"), ("kaohsiung", "Kaohsiung", "高雄")]
MEETING_CITIES = [
    ("Taipei", "台北"),
    ("Hsinchu", "新竹"),
    ("Taichung", "台中"),
    ("Tainan", "台南"),
    ("Kaohsiung", "高雄"),
]
CADENCES = [
    ("every month", "每月"),
    ("every other Thursday evening", "隔週四晚上"),
    ("on the first Saturday afternoon of the month", "每月第一個週六下午"),
    ("every second Wednesday", "每月第二個週三"),
]

# What each kind of group does: who we are, a one-line summary, and activities to pick from.
# ``{topic}`` is the group's subject in the text's language.
KINDS = {
    "lang": {
        "who": [
            (
                "We are {topic} programmers in Taiwan: students, working engineers and a few maintainers of "
                "libraries you may already use.",
                "我們是在台灣寫{topic}的人：有學生、有上班族工程師，也有幾位你可能用過的函式庫的維護者。",
            ),
            (
                "{Topic} brought us together: we write it at work, teach it at school and maintain libraries in it "
                "after hours.",
                "{topic}把我們聚在一起：有人在工作上寫、有人在學校教，也有人下班後維護函式庫。",
            ),
        ],
        "summary": [
            (
                "Meetups, study groups and documentation in Chinese for {topic} users and contributors in Taiwan.",
                "台灣的{topic}使用者與貢獻者：聚會、讀書會與中文文件。",
            ),
            (
                "{Topic} programmers in Taiwan: monthly talks, hack nights and a beginners' workshop.",
                "台灣的{topic}開發者：每月分享、hack night 與新手工作坊。",
            ),
            (
                "Where Taiwan's {topic} developers meet: talks, code reading and first patches upstream.",
                "台灣{topic}開發者的聚集地：分享、讀程式碼，一起送出第一個上游 patch。",
            ),
        ],
        "activities": [
            ("Monthly meetups with two talks and a round of lightning talks", "每月聚會：兩場分享加上一輪閃電講"),
            ("A reading group working through the official documentation", "讀書會：一起讀官方文件"),
            ("Translating documentation into Traditional Chinese", "把官方文件翻譯成正體中文"),
            ("Hack nights where we send our first patches upstream", "Hack night：一起送出第一個上游 patch"),
            ("A beginners' workshop before every COSCUP", "每年 COSCUP 前的新手工作坊"),
            ("Mentoring for students' first open-source contributions", "陪學生完成第一次開源貢獻"),
        ],
    },
    "web": {
        "who": [
            (
                "We build websites and apps with {topic}, and share what works on real projects with real users.",
                "我們用{topic}打造網站與應用程式，分享在真實專案、真實使用者身上行得通的做法。",
            ),
            (
                "We are front-end and app developers who use {topic} every day, from start-ups to public services.",
                "我們是每天使用{topic}的前端與 App 開發者，從新創公司到公共服務都有。",
            ),
        ],
        "summary": [
            (
                "Meetups, code reviews and a friendly chat group for people building with {topic}.",
                "用{topic}開發的人的聚會、code review 與友善的聊天群組。",
            ),
            (
                "Front-end and app developers using {topic}: talks, workshops and a job board.",
                "使用{topic}的前端與 App 開發者：分享、工作坊與職缺資訊。",
            ),
            (
                "Building for browsers and phones with {topic}, and sharing what works on real projects.",
                "用{topic}開發網頁與手機應用，分享真實專案裡行得通的做法。",
            ),
        ],
        "activities": [
            ("Meetups on frameworks, browsers and the web platform", "聚會主題涵蓋框架、瀏覽器與 Web 平台"),
            ("Code reviews of members' side projects", "互相 code review 彼此的 side project"),
            ("Accessibility checks of public websites, with fixes sent upstream", "檢查公共網站的無障礙問題並回報修正"),
            ("Translating documentation into Traditional Chinese", "把文件翻譯成正體中文"),
            ("Workshops for people moving from design to front-end code", "給從設計轉前端的朋友的工作坊"),
            ("A job board and a friendly chat group", "職缺分享與友善的聊天群組"),
        ],
    },
    "cloud": {
        "who": [
            (
                "We run services, clusters and pipelines with {topic}, and share what works and what breaks.",
                "我們用{topic}維運服務、叢集與部署流程，分享成功經驗也分享踩過的坑。",
            ),
            (
                "We keep systems running with {topic}, and meet to compare notes before the pager goes off.",
                "我們用{topic}讓系統持續運作，也在值班電話響起之前聚在一起交流經驗。",
            ),
        ],
        "summary": [
            (
                "Meetups and hands-on labs about {topic} in production.",
                "關於正式環境中{topic}的聚會與實作坊。",
            ),
            (
                "Practitioners of {topic} in Taiwan: meetups, hands-on labs and honest postmortems.",
                "台灣的{topic}實務工作者：聚會、實作坊與誠實的事後檢討。",
            ),
            (
                "From a first test cluster to production: talks, labs and study groups about {topic}.",
                "從第一個測試叢集到正式環境：關於{topic}的分享、實作坊與讀書會。",
            ),
        ],
        "activities": [
            ("Meetups on running services in production", "聚會分享在正式環境維運服務的經驗"),
            ("Hands-on labs on a shared test cluster", "用共享測試叢集的實作工作坊"),
            ("Postmortem nights: what went wrong and what we learned", "事後檢討之夜：哪裡出錯、學到什麼"),
            ("Study groups for certification exams", "證照讀書會"),
            ("Contributing to upstream projects and their Chinese documentation", "參與上游專案與中文文件"),
            ("A yearly community day with talks and workshops", "每年一次的社群日，有議程也有工作坊"),
        ],
    },
    "os": {
        "who": [
            (
                "We use, package and translate {topic}, and help each other when something refuses to boot.",
                "我們使用、打包並翻譯{topic}，開不了機的時候也互相幫忙。",
            ),
            (
                "We are {topic} users of every kind: students on their first install, sysadmins and the people who "
                "package the software.",
                "我們是各式各樣的{topic}使用者：第一次安裝的學生、系統管理員，以及打包軟體的人。",
            ),
        ],
        "summary": [
            (
                "Install parties, packaging and translation for {topic} users in Taiwan.",
                "台灣的{topic}使用者：安裝派對、打包與翻譯。",
            ),
            (
                "{Topic} users helping each other: install help, translation sprints and release parties.",
                "互相幫忙的{topic}使用者：安裝協助、翻譯衝刺與發布派對。",
            ),
            (
                "Using, packaging and translating {topic}, with help at hand when something refuses to boot.",
                "使用、打包並翻譯{topic}，開不了機的時候也有人幫忙。",
            ),
        ],
        "activities": [
            ("Install parties: bring a laptop, leave with a working system", "安裝派對：帶筆電來，帶著裝好的系統回家"),
            ("Packaging sprints for software Taiwanese users need", "為台灣使用者需要的軟體打包"),
            ("Translating desktop software and documentation", "翻譯桌面軟體與文件"),
            ("Help sessions for input methods and Chinese fonts", "輸入法與中文字型的求助時間"),
            ("Release parties for every new version", "每個新版本的發布派對"),
            ("Reading system code together, one subsystem at a time", "一次一個子系統，一起讀系統程式碼"),
        ],
    },
    "hardware": {
        "who": [
            (
                "We design, build and program things around {topic}, and we like it best when the design files are "
                "open.",
                "我們圍繞著{topic}設計、製作與寫程式，最喜歡設計檔公開的作品。",
            ),
            (
                "We are makers working with {topic}: engineers, students and hobbyists who like to know how things "
                "work.",
                "我們是玩{topic}的創客：工程師、學生，以及喜歡弄懂東西怎麼運作的愛好者。",
            ),
        ],
        "summary": [
            (
                "Open designs, firmware and workshops for makers working with {topic}.",
                "{topic}創客的開放設計、韌體與工作坊。",
            ),
            (
                "Makers in Taiwan building with {topic}: show-and-tell nights, group orders and soldering workshops.",
                "用{topic}動手做的台灣創客：作品分享之夜、零件團購與焊接工作坊。",
            ),
            (
                "We build things with {topic}, publish the design files and teach others to do the same.",
                "我們用{topic}做東西、公開設計檔，也教別人一起做。",
            ),
        ],
        "activities": [
            ("A hardware corner with soldering irons and logic analysers", "提供烙鐵與邏輯分析儀的硬體角落"),
            ("Open board designs you can build yourself", "可以自己動手做的開放電路板設計"),
            ("Firmware study groups", "韌體讀書會"),
            ("Workshops for first-time solderers", "給第一次拿烙鐵的人的工作坊"),
            ("Group orders of parts and PCBs", "零件與 PCB 團購"),
            ("Show-and-tell nights for members' projects", "成員作品發表之夜"),
        ],
    },
    "data": {
        "who": [
            (
                "We work with data every day, using {topic} in research labs, start-ups and public agencies.",
                "我們每天和資料為伍，在研究室、新創公司和公部門使用{topic}。",
            ),
            (
                "We turn data into answers with {topic}, and we like to show our working.",
                "我們用{topic}把資料變成答案，也樂於公開過程。",
            ),
        ],
        "summary": [
            (
                "Open datasets, notebooks and paper reading for people working with {topic} in Taiwan.",
                "台灣{topic}社群：開放資料集、notebook 與論文讀書會。",
            ),
            (
                "Analysts, researchers and engineers who use {topic}: talks in Mandarin and English, slides shared.",
                "使用{topic}的分析師、研究者與工程師：華語與英語分享，會後公開投影片。",
            ),
            (
                "Meetups on {topic}, with notebook clinics and benchmark nights.",
                "關於{topic}的聚會，還有 notebook 診所與效能測試之夜。",
            ),
        ],
        "activities": [
            ("Meetups on analysis, models and the tools behind them", "聚會主題涵蓋分析、模型與背後的工具"),
            ("Working on open datasets about Taiwan", "分析與台灣相關的開放資料集"),
            ("Notebook clinics: bring your analysis, get feedback", "Notebook 診所：帶著你的分析來，大家給回饋"),
            ("Paper reading groups", "論文讀書會"),
            ("Benchmark and tuning nights", "效能測試與調校之夜"),
            ("Talks in Mandarin and English, slides shared afterwards", "議程有華語也有英語，會後分享投影片"),
        ],
    },
    "db": {
        "who": [
            (
                "We run, tune and build on {topic}: developers, DBAs and the people paged when the disk fills up.",
                "我們運行、調校並以{topic}打造服務：有開發者、DBA，也有磁碟滿了會被叫醒的人。",
            ),
        ],
        "summary": [
            (
                "Developers and DBAs who run {topic}: query tuning, replication and upgrade stories.",
                "使用{topic}的開發者與 DBA：查詢調校、複寫與升級經驗。",
            ),
            (
                "Meetups about {topic} in production, from schema design to the night of the big upgrade.",
                "關於正式環境中{topic}的聚會，從資料表設計談到大升級的那一夜。",
            ),
        ],
        "activities": [
            ("Query tuning clinics: bring a slow query", "查詢調校診所：帶著你的慢查詢來"),
            ("Upgrade and migration stories from members' companies", "成員公司的升級與遷移經驗分享"),
            ("Reading the source code together", "一起讀原始碼"),
            ("Translating documentation into Traditional Chinese", "把官方文件翻譯成正體中文"),
            ("Benchmark nights on shared hardware", "在共用機器上的效能測試之夜"),
            ("Meetups with a round of lightning talks", "有一輪閃電講的聚會"),
        ],
    },
    "security": {
        "who": [
            (
                "We learn {topic} by taking things apart on purpose, and by fixing them before anyone else finds the "
                "hole.",
                "我們透過刻意拆解東西來學習{topic}，並在別人發現漏洞之前修好。",
            ),
            (
                "We are students, engineers and researchers who practise {topic} in the open.",
                "我們是以公開方式練習{topic}的學生、工程師與研究者。",
            ),
        ],
        "summary": [
            (
                "Learning {topic} together: practice, reviews of open-source code and privacy workshops.",
                "一起學{topic}：練習、開源程式碼檢視與隱私工作坊。",
            ),
            (
                "{Topic} for beginners and veterans: practice nights, reading groups and help with responsible "
                "disclosure.",
                "給新手與老手的{topic}：練習之夜、讀書會與漏洞揭露協助。",
            ),
            (
                "We take things apart on purpose to learn {topic}, and help fix what we find.",
                "我們刻意拆解東西來學{topic}，也協助修好發現的問題。",
            ),
        ],
        "activities": [
            ("Capture-the-flag practice for beginners", "給新手的 CTF 練習"),
            ("Reviewing the security of open-source projects we all use", "檢視大家常用開源專案的安全性"),
            ("Privacy workshops for people who are not engineers", "給非工程師的隱私工作坊"),
            ("Advice on responsible disclosure for first-time reporters", "協助第一次回報漏洞的人負責任地揭露"),
            ("Reading groups on papers and write-ups", "論文與解題心得讀書會"),
            ("Key-signing parties", "金鑰簽署派對"),
        ],
    },
    "culture": {
        "who": [
            (
                "We believe knowledge, maps and data belong to everyone, and {topic} is how we help.",
                "我們相信知識、地圖與資料屬於每一個人，{topic}是我們出力的方式。",
            ),
            (
                "We are volunteers working on {topic}: writers, translators, designers and engineers.",
                "我們是投入{topic}的志工：寫作者、譯者、設計師與工程師。",
            ),
        ],
        "summary": [
            (
                "Sprints, workshops and hackathons about {topic}, open to everyone, not only engineers.",
                "關於{topic}的衝刺、工作坊與黑客松，人人都能參加，不只工程師。",
            ),
            (
                "{Topic} in Taiwan: edit-a-thons, translation sprints and workshops for teachers and creators.",
                "台灣的{topic}：編輯松、翻譯衝刺，以及給老師與創作者的工作坊。",
            ),
            (
                "Volunteers working on {topic} with schools, public agencies and anyone who joins.",
                "與學校、公部門和每位加入的人一起投入{topic}的志工。",
            ),
        ],
        "activities": [
            ("Edit-a-thons and translation sprints", "編輯松與翻譯衝刺"),
            ("Data parties in cities around Taiwan", "在台灣各地舉辦資料松"),
            ("Workshops on open licences for creators and teachers", "給創作者與老師的開放授權工作坊"),
            ("Supporting Taiwan's languages in software", "讓軟體支援台灣的各種語言"),
            ("Working with public agencies on open data", "與公部門合作推動開放資料"),
            (
                "Hackathons where writers and designers are as welcome as coders",
                "寫作者、設計師和工程師一樣受歡迎的黑客松",
            ),
        ],
    },
    "people": {
        "who": [
            (
                "We care about {topic}: we help newcomers find their way into open source, and help everyone stay.",
                "我們在意{topic}：幫新朋友找到進入開源的入口，也讓大家願意留下來。",
            ),
            (
                "We are volunteers who care about {topic} and about making open source a welcoming place.",
                "我們是一群在意{topic}、也希望開源更友善的志工。",
            ),
        ],
        "summary": [
            (
                "A friendly place to start in open source: workshops, mentoring and talks about {topic}.",
                "開源的友善起點：工作坊、陪伴，以及關於{topic}的分享。",
            ),
            (
                "Study groups, mentoring and talks about {topic}, for newcomers and old hands alike.",
                "讀書會、陪伴與關於{topic}的分享，新手老手都歡迎。",
            ),
            (
                "Helping people into open source and helping them stay: talks on {topic} and mentoring.",
                "幫大家走進開源，也讓大家留下來：{topic}分享與陪伴。",
            ),
        ],
        "activities": [
            ("Workshops for people writing their first line of code", "給寫下第一行程式的人的工作坊"),
            ("Mentoring for first open-source contributions", "陪伴完成第一次開源貢獻"),
            ("Study groups on weekday evenings", "平日晚上的讀書會"),
            ("Talks on documentation, community and maintaining projects", "文件、社群經營與專案維護的分享"),
            ("A friendly chat group with a code of conduct we enforce", "有確實執行的行為準則、友善的聊天群組"),
            ("Helping students get to their first conference", "協助學生參加人生第一場研討會"),
        ],
    },
    "creative": {
        "who": [
            (
                "We make things with {topic}: art, type, games and everything in between.",
                "我們用{topic}創作：美術、字型、遊戲，以及介於其間的一切。",
            ),
            (
                "We are artists, designers and developers who create with {topic} and share what we make.",
                "我們是用{topic}創作並分享作品的藝術家、設計師與開發者。",
            ),
        ],
        "summary": [
            (
                "Show-and-tell, workshops and weekend jams for people creating with {topic}.",
                "用{topic}創作的人的作品分享、工作坊與週末創作松。",
            ),
            (
                "Artists, designers and developers making things with {topic} and sharing them under open licences.",
                "用{topic}創作並以開放授權分享作品的藝術家、設計師與開發者。",
            ),
            (
                "A monthly show-and-tell and feedback sessions for work made with {topic}.",
                "每月作品分享會，以及用{topic}創作的作品回饋時間。",
            ),
        ],
        "activities": [
            ("A monthly show-and-tell of members' work", "每月作品分享會"),
            ("Workshops with free and open-source creative tools", "自由開源創作工具工作坊"),
            ("Weekend jams with a theme announced on Friday night", "週五晚上公布主題的週末創作松"),
            ("Translating interfaces and tutorials", "翻譯軟體介面與教學"),
            ("Sharing assets under open licences", "以開放授權分享素材"),
            ("Feedback sessions for work in progress", "未完成作品的回饋時間"),
        ],
    },
    "tools": {
        "who": [
            (
                "We care about {topic} and the small tools that make everyday work pleasant.",
                "我們在意{topic}，以及讓日常工作更愉快的小工具。",
            ),
            (
                "We spend our days with {topic} and enjoy making it a little better.",
                "我們每天與{topic}為伍，也喜歡讓它變得更好一點。",
            ),
        ],
        "summary": [
            (
                "Tips, configuration swaps and upstream fixes from people who love {topic}.",
                "熱愛{topic}的人交流技巧、設定與上游修正。",
            ),
            (
                "People who care about {topic}: meetups, setup swaps and help for newcomers.",
                "在意{topic}的人：聚會、設定交流與新手協助。",
            ),
            (
                "Short talks and long chats about {topic}, with plugins and fixes sent upstream.",
                "關於{topic}的短講與長聊，並把外掛與修正貢獻回上游。",
            ),
        ],
        "activities": [
            ("Meetups on the tools we use every day", "分享每天都在用的工具"),
            ("Configuration swap nights: show us your setup", "設定檔交流之夜：秀出你的環境"),
            ("Running community services on our own servers", "在自己的伺服器上維運社群服務"),
            ("Translating tools and their documentation", "翻譯工具與文件"),
            ("Helping newcomers get started", "帶新朋友入門"),
            ("Contributing plugins and fixes upstream", "貢獻外掛與修正回上游"),
        ],
    },
}
CLOSINGS = [
    (
        "Find us at our COSCUP track or at the community booths: we bring stickers.",
        "COSCUP 期間歡迎到我們的議程軌或社群攤位坐坐，我們有準備貼紙。",
    ),
    (
        "New here? Say hello in our chat group; nobody minds a beginner's question.",
        "第一次來嗎？到聊天群組打聲招呼，新手問題也很歡迎。",
    ),
    ("Our slides, notes and the code of our tools are all public.", "我們的投影片、筆記與工具程式碼都是公開的。"),
    (
        "We are always looking for speakers for our meetups, first-time speakers especially.",
        "聚會隨時徵求講者，特別歡迎第一次上台的朋友。",
    ),
    (
        "Volunteers run everything we do; if you want to help, just ask.",
        "社群的一切都靠志工，想幫忙的話，直接來找我們。",
    ),
]

_CJK = r"[\u3400-\u9fff]"


def spaced(text: str) -> str:
    """Put a space between Chinese characters and Latin letters or digits, as Taiwanese writers do."""
    text = re.sub(rf"({_CJK})([A-Za-z0-9.+])", r"\1 \2", text)
    return re.sub(rf"([A-Za-z0-9+])({_CJK})", r"\1 \2", text)


def _written(entry: tuple, name: str = "", name_zh: str = "", slug: str = "") -> DemoCommunity:
    base_slug, base_name, base_zh, mark, kind, topic, topic_zh = entry
    slug, name, name_zh = slug or base_slug, name or base_name, name_zh or base_zh
    topic_zh = topic_zh or topic
    rng = random.Random(slug)
    texts = KINDS[kind]
    city, city_zh = rng.choice(MEETING_CITIES)
    cadence, cadence_zh = rng.choice(CADENCES)
    activities = rng.sample(texts["activities"], 3)
    closings = rng.sample(CLOSINGS, 2 if rng.random() < 0.5 else 1)
    who, who_zh = rng.choice(texts["who"])
    summary, summary_zh = rng.choice(texts["summary"])
    words = {"topic": topic, "Topic": topic[:1].upper() + topic[1:]}
    introduction = "\n\n".join(
        [
            f"{who.format(**words)} We meet {cadence} in {city}, and online for everyone else.",
            "**What we do**\n\n" + "\n".join(f"- {english}" for english, _chinese in activities),
            " ".join(english for english, _chinese in closings),
        ]
    )
    introduction_zh = "\n\n".join(
        [
            spaced(f"{who_zh.format(topic=topic_zh, Topic=topic_zh)}我們{cadence_zh}在{city_zh}聚會，")
            + "其他地方的朋友可以線上參加。",
            "**我們在做的事**\n\n" + "\n".join(f"- {spaced(chinese)}" for _english, chinese in activities),
            "".join(chinese for _english, chinese in closings),
        ]
    )
    return DemoCommunity(
        slug=slug,
        name=name,
        name_zh_hant=name_zh,
        mark=mark,
        kind=kind,
        topic=topic,
        topic_zh=topic_zh,
        summary=summary.format(**words),
        summary_zh_hant=spaced(summary_zh.format(topic=topic_zh, Topic=topic_zh)),
        introduction=introduction,
        introduction_zh_hant=introduction_zh,
    )


def generated_communities(count: int) -> list[DemoCommunity]:
    """The first ``count`` invented groups, the same every time; past the list, city chapters."""
    result = []
    for index in range(count):
        entry = _GENERATED[index % len(_GENERATED)]
        chapter = index // len(_GENERATED)
        if chapter == 0:
            result.append(_written(entry))
        else:
            city_slug, city, city_zh = CITIES[(chapter - 1) % len(CITIES)]
            round_ = (chapter - 1) // len(CITIES)
            suffix = f"{city_slug}{round_ + 1 if round_ else ''}"
            result.append(
                _written(
                    entry, name=f"{entry[1]} · {city}", name_zh=f"{entry[2]} · {city_zh}", slug=f"{entry[0]}-{suffix}"
                )
            )
    return result


def _logo(slug_and_mark: tuple[str, str]):
    slug, mark = slug_and_mark
    return logo_file(key=slug, mark=mark)


def demo_communities(scale: int) -> list[DemoCommunity]:
    return [*NAMED, *generated_communities(EXTRA_COMMUNITIES_PER_SCALE * scale)]


def demo_community_slugs(count: int) -> set[str]:
    """Every slug the demo gives its first ``count`` communities (to recognise the demo's own rows)."""
    return {community.slug for community in NAMED} | {c.slug for c in generated_communities(count)}


def seed_communities(context) -> list[Community]:
    """Create the scale's communities that do not exist yet, each with its logo; existing ones stay as they are."""
    wanted = demo_communities(context.scale)
    existing = set(Community.objects.filter(slug__in=[c.slug for c in wanted]).values_list("slug", flat=True))
    new = [community for community in wanted if community.slug not in existing]
    Community.objects.bulk_create(
        [
            Community(
                slug=community.slug,
                name=community.name,
                name_zh_hant=community.name_zh_hant,
                summary=community.summary,
                summary_zh_hant=community.summary_zh_hant,
                introduction=community.introduction,
                introduction_zh_hant=community.introduction_zh_hant,
                website_url=community.website_url,
            )
            for community in new
        ],
        batch_size=500,
    )
    # Pillow encodes without holding the GIL: draw the logos side by side, then store them one by one.
    marks = {community.slug: community.mark for community in new}
    with ThreadPoolExecutor(max_workers=4) as pool:
        logos = dict(zip(marks, pool.map(_logo, marks.items()), strict=True))
    for community in Community.objects.filter(slug__in=logos):
        logo = logos[community.slug]
        community.logo.save(logo.name, logo, save=False)
        community.save(update_fields=["logo"])
    return list(Community.objects.filter(is_active=True).order_by("slug"))
