"""Titles, abstracts and speakers for the demo's generated sessions.

Built from templates and per-topic word lists, the same for the same seed. A talk whose language is
Chinese gets a Chinese title and an abstract in Chinese followed by its English version, as COSCUP
speakers often write them; an English talk is in English only.
"""

import random
from dataclasses import dataclass

from .communities import spaced
from .services import FAMILY, GIVEN

# What talks in a track of each kind are about: (English, Chinese) subjects.
SUBJECTS = {
    "lang": [
        ("testing web services", "Web 服務測試"),
        ("type hints in a large codebase", "大型專案型別標註"),
        ("packaging and releasing libraries", "函式庫打包與發布"),
        ("async I/O", "非同步 I/O"),
        ("profiling slow code", "效能分析"),
        ("writing command-line tools", "命令列工具開發"),
        ("error handling", "錯誤處理"),
        ("memory usage", "記憶體使用"),
        ("concurrency", "並行處理"),
        ("code review", "程式碼審查"),
        ("dependency management", "相依套件管理"),
        ("teaching beginners", "新手教學"),
        ("building a small compiler", "小型編譯器實作"),
        ("writing documentation", "文件撰寫"),
    ],
    "web": [
        ("server-side rendering", "伺服器端渲染"),
        ("accessible forms", "無障礙表單"),
        ("state management", "狀態管理"),
        ("web performance", "網頁效能"),
        ("design systems", "設計系統"),
        ("offline-first apps", "離線優先應用"),
        ("component testing", "元件測試"),
        ("internationalisation", "國際化"),
        ("animations that respect reduced motion", "無障礙動畫"),
        ("micro front-ends", "微前端"),
        ("build tooling", "建置工具"),
        ("Web Components", "Web Components"),
    ],
    "cloud": [
        ("zero-downtime deployments", "零停機部署"),
        ("autoscaling", "自動擴展"),
        ("observability", "可觀測性"),
        ("GitOps", "GitOps"),
        ("cost control", "成本控管"),
        ("multi-cluster networking", "多叢集網路"),
        ("secrets management", "機密管理"),
        ("being on call", "On-call 值班"),
        ("incident postmortems", "事故檢討"),
        ("persistent storage", "持久化儲存"),
        ("CI pipelines", "CI 流程"),
        ("capacity planning", "容量規劃"),
    ],
    "os": [
        ("packaging", "套件打包"),
        ("Chinese input methods", "中文輸入法"),
        ("CJK fonts", "中日韓字型"),
        ("boot time", "開機速度"),
        ("the process scheduler", "行程排程器"),
        ("file systems", "檔案系統"),
        ("power management", "電源管理"),
        ("desktop translation", "桌面翻譯"),
        ("reproducible builds", "可重現建置"),
        ("device drivers", "驅動程式"),
        ("system upgrades", "系統升級"),
        ("containers on the desktop", "桌面容器化"),
    ],
    "hardware": [
        ("RISC-V boards", "RISC-V 開發板"),
        ("low-power firmware", "低功耗韌體"),
        ("PCB design", "PCB 設計"),
        ("sensor networks", "感測器網路"),
        ("mechanical keyboards", "機械鍵盤"),
        ("FPGA prototyping", "FPGA 原型開發"),
        ("3D-printed enclosures", "3D 列印外殼"),
        ("motor control", "馬達控制"),
        ("Bluetooth Low Energy", "藍牙低功耗"),
        ("hardware debugging", "硬體除錯"),
        ("open-source test equipment", "開源測試儀器"),
        ("soldering", "焊接"),
    ],
    "data": [
        ("data cleaning", "資料清理"),
        ("time series", "時間序列"),
        ("dashboards", "儀表板"),
        ("model evaluation", "模型評估"),
        ("Chinese text processing", "中文文字處理"),
        ("query tuning", "查詢調校"),
        ("data pipelines", "資料管線"),
        ("geospatial data", "地理空間資料"),
        ("reproducible notebooks", "可重現 notebook"),
        ("feature stores", "特徵儲存"),
        ("fine-tuning small models", "小模型微調"),
        ("schema migrations", "資料表結構遷移"),
    ],
    "security": [
        ("supply-chain security", "供應鏈安全"),
        ("fuzzing", "模糊測試"),
        ("reverse engineering", "逆向工程"),
        ("web application security", "網頁應用安全"),
        ("threat modelling", "威脅建模"),
        ("password managers", "密碼管理器"),
        ("end-to-end encryption", "端對端加密"),
        ("firmware security", "韌體安全"),
        ("incident response", "資安事件應變"),
        ("CTF challenges", "CTF 題目"),
        ("phishing", "網路釣魚"),
        ("privacy by design", "隱私設計"),
    ],
    "culture": [
        ("open data", "開放資料"),
        ("Wikipedia editing", "維基百科編輯"),
        ("mapping", "地圖繪製"),
        ("open licences", "開放授權"),
        ("Taiwan's local languages", "台灣本土語言"),
        ("civic hackathons", "公民黑客松"),
        ("public participation", "公共參與"),
        ("open government", "開放政府"),
        ("digital archives", "數位典藏"),
        ("fact-checking", "事實查核"),
        ("volunteer translation", "志工翻譯"),
        ("accessibility", "無障礙"),
    ],
    "people": [
        ("mentoring", "導師制度"),
        ("running meetups", "辦聚會"),
        ("writing documentation", "寫文件"),
        ("first contributions", "第一次貢獻"),
        ("codes of conduct", "行為準則"),
        ("maintainer burnout", "維護者倦怠"),
        ("teaching programming", "程式教學"),
        ("community governance", "社群治理"),
        ("onboarding newcomers", "新人引導"),
        ("diversity in open source", "開源多元共融"),
        ("student clubs", "學生社團"),
        ("volunteering", "志工經驗"),
    ],
    "creative": [
        ("pixel art", "像素藝術"),
        ("type design", "字型設計"),
        ("3D modelling", "3D 建模"),
        ("game jams", "Game jam"),
        ("procedural generation", "程序生成"),
        ("shaders", "著色器"),
        ("open fonts", "開源字型"),
        ("UI design", "介面設計"),
        ("animation", "動畫製作"),
        ("level design", "關卡設計"),
        ("sound design", "音效設計"),
        ("illustration", "插畫"),
    ],
    "tools": [
        ("editor configuration", "編輯器設定"),
        ("Git workflows", "Git 工作流程"),
        ("shell scripting", "Shell 腳本"),
        ("self-hosted services", "自架服務"),
        ("dotfiles", "dotfiles"),
        ("writing plugins", "外掛開發"),
        ("keyboard-driven workflows", "鍵盤操作流程"),
        ("home servers", "家用伺服器"),
        ("backups", "備份"),
        ("federated social networks", "聯邦式社群網路"),
        ("chat bridges", "聊天橋接"),
        ("terminal tools", "終端機工具"),
    ],
}
# Kinds whose topic is a language or a tool one can "use for" something: "... with Go", "moved to Kubernetes".
SOFTWARE = {"lang", "web", "cloud", "os", "data", "db", "tools"}
# Kinds that share another kind's subjects.
SAME_SUBJECTS = {"db": "data"}

# (English, Chinese) title templates; the technical ones name the track's tool or language.
TITLES = [
    ("Lessons from a year of {subject}", "一年的{subject}心得"),
    ("What we got wrong about {subject}", "{subject}踩坑記"),
    ("{Subject}: a practical guide", "{subject}：新手也能懂的實務指南"),
    ("Ten small tips for {subject}", "{subject}的十個小技巧"),
    ("A gentle introduction to {subject}", "{subject}入門"),
    ("{Subject} in Taiwan: where we are in 2027", "聊聊台灣的{subject}"),
    ("{Subject} for the rest of us", "從零開始的{subject}"),
    ("{Subject}, step by step", "一步一步來：{subject}"),
    ("Why {subject} matters more than you think", "為什麼{subject}比你想的更重要"),
]
TECHNICAL_TITLES = [
    ("{Subject} with {topic}: a field report", "我們如何用{topic}做{subject}"),
    ("{Subject} in {topic}, the boring way", "{topic}的{subject}實戰經驗分享"),
    ("{topic} in production: {subject}", "{topic}上線實戰：{subject}"),
]
COMMUNITY_TITLES = [
    ("{Subject} and {topic}: notes from the field", "{topic}與{subject}：來自現場的筆記"),
    ("How our community does {subject}", "我們社群怎麼做{subject}"),
]

# Abstracts: an opening, what the talk covers and who it is for, each as (English, Chinese).
OPENINGS = [
    ("{Subject} looks simple until you try it on a real project.", "{subject}看起來簡單，直到你在真實專案裡動手。"),
    (
        "Most guides to {subject} stop at the first example; this talk starts there.",
        "多數{subject}教學停在第一個範例，這場分享從那裡開始。",
    ),
]
TECHNICAL_OPENINGS = [
    (
        "This talk shares what we learned about {subject} after a year of doing it with {topic}.",
        "這場分享整理了我們用{topic}做{subject}一年來的心得。",
    ),
    (
        "Last year we moved a production system to {topic}, and {subject} turned out to be the hardest part.",
        "去年我們把正式環境的系統搬到{topic}，{subject}是最難的一段。",
    ),
]
MIDDLES = [
    (
        "We walk through the tools we chose, the mistakes we made and the small scripts that saved us.",
        "我們會介紹選用的工具、犯過的錯，以及幫了大忙的小腳本。",
    ),
    (
        "Expect real examples, a few numbers from our own work and a checklist you can take home.",
        "內容有真實案例、我們自己的數據，還有一份可以帶回家的檢查清單。",
    ),
    (
        "We cover the basics first, then the corner cases that cost us a weekend.",
        "先從基礎講起，再談那些讓我們賠上一個週末的特殊情況。",
    ),
    (
        "We compare three approaches and explain when each one is the right call.",
        "我們比較三種做法，說明各自適合的時機。",
    ),
]
TECHNICAL_AUDIENCES = [("No experience with {topic} is needed.", "不需要{topic}的經驗。")]
AUDIENCES = [
    (
        "For people who have tried {subject} once and want to do it properly.",
        "適合試過一次{subject}、想把它做好的人。",
    ),
    ("Good for beginners; experienced folks will find a few surprises too.", "適合初學者，老手也會有一些意外收穫。"),
    ("The last ten minutes are for your questions.", "最後十分鐘留給大家提問。"),
    ("Slides and example code will be shared after the talk.", "投影片與範例程式碼會在會後分享。"),
]

GIVEN_ZH = [
    "怡婷",
    "志明",
    "雅筑",
    "柏翰",
    "佳穎",
    "冠宇",
    "詩涵",
    "宗翰",
    "郁雯",
    "承恩",
    "品妤",
    "家豪",
    "育誠",
    "欣怡",
]
FAMILY_ZH = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭"]


@dataclass(frozen=True)
class TrackProfile:
    """What a track's talks are about."""

    kind: str
    topic: str
    topic_zh: str


@dataclass(frozen=True)
class Talk:
    title: str
    abstract: str
    speakers: list[str]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, *, subject: str, topic: str) -> str:
    return template.format(subject=subject, Subject=_capitalised(subject), topic=topic)


def speaker_name(rng: random.Random, *, chinese: bool) -> str:
    if chinese:
        return rng.choice(FAMILY_ZH) + rng.choice(GIVEN_ZH)
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


class TalkWriter:
    """Writes a track's talks one after the other, never the same title twice in the programme."""

    def __init__(self):
        self.used: set[str] = set()

    def write(self, profile: TrackProfile, *, chinese: bool, seed: str) -> Talk:
        """The talk for ``seed`` (its code): the same text whenever the titles before it are the same."""
        self.rng = random.Random(seed)
        software = profile.kind in SOFTWARE
        kind = SAME_SUBJECTS.get(profile.kind, profile.kind)
        kind = kind if kind in SUBJECTS else "lang"
        titles = TITLES + (TECHNICAL_TITLES if software else COMMUNITY_TITLES if kind in {"culture", "people"} else [])
        openings = OPENINGS + (TECHNICAL_OPENINGS if software else [])
        audiences = AUDIENCES + (TECHNICAL_AUDIENCES if software else [])
        for _attempt in range(200):
            subject, subject_zh = self.rng.choice(SUBJECTS[kind])
            title_en, title_zh = self.rng.choice(titles)
            english = _fill(title_en, subject=subject, topic=profile.topic)
            chinese_title = spaced(_fill(title_zh, subject=subject_zh, topic=profile.topic_zh))
            title = chinese_title if chinese else english
            if title not in self.used:
                break
        self.used.add(title)
        parts = [self.rng.choice(openings), self.rng.choice(MIDDLES)]
        if self.rng.random() < 0.7:
            parts.append(self.rng.choice(audiences))
        abstract_en = " ".join(_fill(en, subject=subject, topic=profile.topic) for en, _zh in parts)
        abstract = abstract_en
        if chinese:
            abstract_zh = "".join(_fill(zh, subject=subject_zh, topic=profile.topic_zh) for _en, zh in parts)
            abstract = f"{spaced(abstract_zh)}\n\n{abstract_en}"
        speakers = [speaker_name(self.rng, chinese=chinese)]
        if self.rng.random() < 0.15:
            speakers.append(speaker_name(self.rng, chinese=chinese))
        return Talk(title=title, abstract=abstract, speakers=speakers)
