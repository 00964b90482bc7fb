"""The plan of action: root cause, actions taken, preventive measures, from the real review.

Amazon asks an appellant for three things: the root cause of the complaint, the actions already
taken, and the measures that prevent a repeat. Every figure in this text comes from the saved
scan, the complaints file or the team's decisions (the date of the full catalog review, listings
and images checked, brand entries and protected images compared, the ASINs removed and fixed);
what only the seller knows (when they wrote to the rights owner, what the owner replied, who
trains whom) is a visible `[FILL IN: ...]` placeholder. Nothing is made up to make the letter
read better. English is the appeal's language; the Chinese text says the same for the seller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from ..model import Complaint, Finding, ImageFinding, TextFinding
from ..report.i18n import reasons as i18n_reasons
from ..scoring import complaint_reason
from .document import Block, Run, fill
from .review import Review, Reviewed

#: ASINs named inline before the text points to evidence.xlsx for the rest.
MAX_LISTED = 100
TYPE_ZH = {"trademark": "商标", "copyright": "版权", "patent": "专利", "counterfeit": "假冒"}

_EN: dict[str, str] = {
    "title": "Plan of action",
    "note_made": "Note for you (delete before sending): prepared by listing-audit {version} from "
    "the catalog scan of {date} ({scan}). Replace every [FILL IN: ...] with your own facts, "
    "check the figures against evidence.xlsx, and attach evidence.xlsx to the appeal.",
    "note_no_decisions": "No team decisions were given (--decisions): the listings called "
    "removed and fixed below are the scan's recommended actions. Carry them out before you send "
    "this (inventory-loader-delete.txt deletes the listings to remove), or correct the text.",
    "note_decisions": "Outcomes are your team's decisions from {source}; listings without a "
    "decision keep the scan's recommended action.",
    "note_no_complaints": "No complaints file was given (--complaints): fill in the complaint "
    "details from Amazon's notice.",
    "seller": "Seller: ",
    "seller_id": "  Seller ID: ",
    "complaints": "Complaints: ",
    "complaint": "complaint {id}",
    "complaint_no_id": "complaint without an ID",
    "of": " of {date}",
    "on_asins": " on ASIN {asins}",
    "by_owner": ", rights owner {owner}",
    "about": ", about {brand}",
    "dear": "Dear Amazon Seller Performance Team,",
    "intro": "Thank you for the opportunity to respond to the intellectual-property "
    "complaint{s} against our account. We have investigated the cause, reviewed our whole "
    "catalog and acted on what we found. This plan of action sets out the root cause, the "
    "actions we have taken and the measures that will prevent it from happening again.",
    "h_cause": "1. Root cause",
    "cause_found": "ASIN {asin} ({title}), {complaint}: our review found that the {reasons}.",
    "cause_clean": "ASIN {asin} ({title}), {complaint}: our checks of this listing's text and "
    "images against {brands} brand entries and {assets} protected images found no match. ",
    "cause_missing": "ASIN {asin}, {complaint}: this listing was not in the exports we "
    "reviewed. ",
    "fill_owner_says": "what the rights owner says infringes, once they reply",
    "fill_why": "why this happened, in your own words: how the listing text and images were "
    "made (for example copied from a supplier, or brand names used without checking) and why "
    "it was not caught before the listing was published",
    "fill_complaints": "complaint ID(s), date(s) and ASIN(s) from Amazon's notice",
    "fill_cause": "the root cause of each complaint: which words or images infringed",
    "others": "Our full catalog review also found {n} other listing{s} at risk{same}; they are "
    "listed under the actions taken below.",
    "others_same": ", {k} of them naming the same brand or rights owner",
    "h_actions": "2. Actions taken",
    # We contacted the rights owner <owner> (<e-mail>) on <date> to ask ... <reply>
    "contact": "We contacted the rights owner |owner| (|email|) on |date| to ask which content "
    "they consider infringing. |reply|",
    "fill_contact_date": "date you contacted the rights owner",
    "fill_reply": "their reply, or that no reply has been received yet",
    "fill_owner": "rights owner's name",
    "fill_email": "rights owner's e-mail",
    "review": "On {date} we reviewed our whole catalog: {listings} listings ({asins} ASINs) "
    "from {exports} Seller Central export file{exports_s} ({rows} rows), checking the brand "
    "field, title, bullet points, description and backend search terms of every listing "
    "against {brands} protected brand entries from {lists} brand list{lists_s}.",
    "images": " We compared {images} product images with {assets} protected images (logos, "
    "artwork and product photos of rights owners){complained}.",
    "images_complained": " and with the pictures of the complained listings ({n})",
    "no_images": " Product images were not part of this review: ",
    "fill_images": "how you checked your product images",
    "watch": " The brands and rights owners named in the complaints were added to our watch "
    "list at high risk for this review, to find every other listing that names them.",
    "removed": "We deleted {n} listing{s} that infringed or could infringe ({asins}) on ",
    "fill_removed_date": "date the listings were deleted",
    "removed_none": "No listing had to be deleted.",
    "fixed": "We corrected {n} listing{s}, removing the brand names and images found "
    "({asins}), on ",
    "fill_fixed_date": "date the corrected listings were submitted",
    "fixed_none": "No listing had to be corrected.",
    "done": "Our team checked and handled {n} further listing{s} ({asins}).",
    "authorized": "{n} listing{s} ({asins}) were checked and kept because we are authorized to "
    "sell the brand: ",
    "fill_authorized": "the authorization documents (licence, invoices from the brand owner)",
    "false_alarm": "{n} listing{s} ({asins}) were checked and kept because the match was not a "
    "use of the protected brand or image (for example an ordinary word).",
    "to_review": "",
    "fill_to_review": "the outcome of the {n} listing{s} that needed a manual check: {asins}",
    "evidence": "The full review record, with every listing, its outcome and the review date, "
    "and the check of each complained ASIN, is in the attached file evidence.xlsx.",
    "h_prevent": "3. Preventive measures",
    "prevent_check": "Before a new listing is published, ",
    "fill_who": "name or role of the person responsible",
    "prevent_check_after": " checks its text and images against our brand watch list and our "
    "protected images.",
    "prevent_scan": "We scan the whole catalog ",
    "fill_how_often": "how often, for example every week",
    "prevent_scan_after": " with the same checks and act on every finding within ",
    "fill_days": "number of days",
    "prevent_scan_end": " days.",
    "prevent_training": "Staff training: ",
    "fill_training": "staff training plan: who is trained, on what (trademarks, copyright, "
    "patents, Amazon's intellectual-property policy), when, and how often it is repeated",
    "prevent_suppliers": "Suppliers and product images: ",
    "fill_suppliers": "how you now check that suppliers are authorized and that product images "
    "are your own or licensed",
    "fill_other": "any other measure you have taken",
    "closing": "We respect the rights of brand owners and will keep our catalog free of "
    "infringing content. Thank you for reviewing this plan of action.",
    "regards": "Sincerely,",
    "fill_name": "your name and role",
    "fill_store": "your store name",
    "fill_seller_id": "your Seller ID (merchant token)",
    "more": ", and {n} more (see evidence.xlsx)",
}

_ZH: dict[str, str] = {
    "title": "行动计划（Plan of Action）中文对照",
    "note_made": "给您的说明（发送前删除）：本文由 listing-audit {version} 根据 {date} 的全店铺扫描"
    "（{scan}）生成，是英文版 plan-of-action 的中文对照，供您理解；向亚马逊提交的是英文版。"
    "请把每个 [FILL IN ...] 替换为您自己的事实，对照 evidence.xlsx 核对数字，并在申诉时附上 "
    "evidence.xlsx。",
    "note_no_decisions": "未提供团队决定（--decisions）：下文所说的删除和修改是扫描建议的处理方式。"
    "请在发送前先执行（inventory-loader-delete.txt 可批量删除需删除的商品），或修改本文。",
    "note_decisions": "处理结果取自您团队的决定（{source}）；没有决定的商品沿用扫描建议。",
    "note_no_complaints": "未提供投诉文件（--complaints）：请根据亚马逊通知填写投诉信息。",
    "seller": "卖家：",
    "seller_id": "  卖家编号：",
    "complaints": "投诉：",
    "complaint": "投诉 {id}",
    "complaint_no_id": "无编号的投诉",
    "of": "（{date}）",
    "on_asins": "，ASIN {asins}",
    "by_owner": "，权利人 {owner}",
    "about": "，涉及 {brand}",
    "dear": "尊敬的亚马逊卖家绩效团队：",
    "intro": "感谢您给我们机会回应针对本账户的知识产权投诉。我们已调查原因、审查了整个店铺的商品，"
    "并对发现的问题采取了行动。本行动计划说明根本原因、已采取的措施以及防止再次发生的措施。",
    "h_cause": "1. 根本原因",
    "cause_found": "ASIN {asin}（{title}），{complaint}：我们的审查发现：{reasons}。",
    "cause_clean": "ASIN {asin}（{title}），{complaint}：我们用 {brands} 个品牌条目和 {assets} "
    "张受保护图片检查了该商品的文字和图片，未发现匹配。",
    "cause_missing": "ASIN {asin}，{complaint}：该商品不在我们审查的导出文件中。",
    "fill_owner_says": "权利人回复后，说明其认为侵权的内容",
    "fill_why": "用您自己的话说明原因：商品文字和图片是如何制作的"
    "（例如从供应商处复制，或未经核实使用了品牌名），以及为什么发布前没有发现",
    "fill_complaints": "亚马逊通知中的投诉编号、日期和 ASIN",
    "fill_cause": "每个投诉的根本原因：哪些文字或图片侵权",
    "others": "全店铺审查还发现另外 {n} 个有风险的商品{same}；见下文已采取的措施。",
    "others_same": "，其中 {k} 个涉及同一品牌或权利人",
    "h_actions": "2. 已采取的措施",
    "contact": "我们已于 |date| 联系权利人 |owner|（|email|），询问其认为侵权的具体内容。|reply|",
    "fill_contact_date": "联系权利人的日期",
    "fill_reply": "对方的回复，或尚未收到回复",
    "fill_owner": "权利人名称",
    "fill_email": "权利人电子邮箱",
    "review": "我们于 {date} 审查了整个店铺：来自 {exports} 个卖家中心导出文件（{rows} 行）的 "
    "{listings} 个商品（{asins} 个 ASIN），逐一检查每个商品的品牌字段、标题、五点描述、商品描述和"
    "后台搜索词，比对了 {lists} 个品牌清单中的 {brands} 个受保护品牌条目。",
    "images": "我们还将 {images} 张商品图片与 {assets} 张受保护图片（权利人的标志、图案和商品照片）"
    "进行了比对{complained}。",
    "images_complained": "，并与被投诉商品的图片（{n} 张）进行了比对",
    "no_images": "本次审查未包含商品图片：",
    "fill_images": "您如何检查商品图片",
    "watch": "投诉中涉及的品牌和权利人已在本次审查中列入高风险监控清单，"
    "以找出所有提到它们的其他商品。",
    "removed": "我们删除了 {n} 个侵权或可能侵权的商品（{asins}），删除日期：",
    "fill_removed_date": "商品删除日期",
    "removed_none": "没有需要删除的商品。",
    "fixed": "我们修改了 {n} 个商品，去掉了发现的品牌名和图片（{asins}），提交日期：",
    "fill_fixed_date": "修改后商品的提交日期",
    "fixed_none": "没有需要修改的商品。",
    "done": "我们的团队还检查并处理了另外 {n} 个商品（{asins}）。",
    "authorized": "{n} 个商品（{asins}）经检查后保留，因为我们已获得该品牌的销售授权：",
    "fill_authorized": "授权文件（许可协议、品牌方发票）",
    "false_alarm": "{n} 个商品（{asins}）经检查后保留，因为匹配内容并非使用受保护的品牌或图片"
    "（例如普通词语）。",
    "to_review": "",
    "fill_to_review": "需要人工检查的 {n} 个商品的处理结果：{asins}",
    "evidence": "完整的审查记录（每个商品的处理结果和审查日期，以及每个被投诉 ASIN 的核对）见附件 "
    "evidence.xlsx。",
    "h_prevent": "3. 预防措施",
    "prevent_check": "新商品发布前，由 ",
    "fill_who": "负责人姓名或职位",
    "prevent_check_after": " 对照我们的品牌监控清单和受保护图片检查其文字和图片。",
    "prevent_scan": "我们 ",
    "fill_how_often": "频率，例如每周",
    "prevent_scan_after": " 用同样的检查扫描整个店铺，并在 ",
    "fill_days": "天数",
    "prevent_scan_end": " 天内处理每个发现。",
    "prevent_training": "员工培训：",
    "fill_training": "员工培训计划：培训谁、培训什么（商标、版权、专利、亚马逊知识产权政策）、"
    "何时培训、多久重复一次",
    "prevent_suppliers": "供应商和商品图片：",
    "fill_suppliers": "您现在如何核实供应商的授权，以及商品图片为自有或已获授权",
    "fill_other": "您采取的其他措施",
    "closing": "我们尊重品牌权利人的权利，并将保持店铺中没有侵权内容。感谢您审阅本行动计划。",
    "regards": "此致",
    "fill_name": "您的姓名和职位",
    "fill_store": "您的店铺名称",
    "fill_seller_id": "您的卖家编号（merchant token）",
    "more": "，另有 {n} 个（见 evidence.xlsx）",
}


@dataclass(frozen=True, slots=True)
class _Words:
    lang: str

    def __call__(self, key: str, **values: object) -> str:
        table = _ZH if self.lang == "zh" else _EN
        return table[key].format(**values)

    def fill(self, key: str, **values: object) -> Run:
        return fill(self(key, **values), self.lang)

    def plural(self, n: int) -> str:
        return "" if self.lang == "zh" or n == 1 else "s"

    def kind(self, complaint: Complaint) -> str:
        kind = complaint.infringement_type
        return TYPE_ZH.get(kind, kind) if self.lang == "zh" else kind


def _p(*runs: Run | str) -> list[Run]:
    return [r if isinstance(r, Run) else Run(r) for r in runs]


def asin_list(listings: Sequence[Reviewed], w: _Words, limit: int = MAX_LISTED) -> str:
    """ASINs (or SKUs, for listings without one), each once, the first `limit` of them."""
    keys = list(dict.fromkeys(r.asin or f"SKU {r.sku}" for r in listings))
    text = ", ".join(keys[:limit])
    return text + (w("more", n=len(keys) - limit) if len(keys) > limit else "")


def _pages(listings: Sequence[Reviewed]) -> int:
    return len({r.asin or r.sku for r in listings})


def _complaint_groups(complaints: Sequence[Complaint]) -> list[list[Complaint]]:
    groups: dict[str, list[Complaint]] = {}
    for c in complaints:
        groups.setdefault(c.complaint_id or f"asin:{c.asin}", []).append(c)
    return list(groups.values())


def _complaint_label(complaint: Complaint, w: _Words) -> str:
    return w("complaint", id=complaint.complaint_id) if complaint.complaint_id else w(
        "complaint_no_id"
    )


def _notes(review: Review, w: _Words) -> list[Block]:
    blocks = [
        Block("note", _p(w("note_made", version=review.tool_version or "?",
                           date=review.review_date, scan=review.scan_path)))
    ]
    if review.decisions_source:
        blocks.append(Block("note", _p(w("note_decisions", source=review.decisions_source))))
    else:
        blocks.append(Block("note", _p(w("note_no_decisions"))))
    if not review.complaints:
        blocks.append(Block("note", _p(w("note_no_complaints"))))
    blocks += [Block("note", _p(note)) for note in review.notes]
    return blocks


def _header(review: Review, w: _Words) -> list[Block]:
    blocks = [
        Block("paragraph", _p(w("seller"), w.fill("fill_store"), w("seller_id"),
                              w.fill("fill_seller_id")))
    ]
    runs: list[Run] = [Run(w("complaints"))]
    groups = _complaint_groups(review.complaints)
    if not groups:
        runs.append(w.fill("fill_complaints"))
    for i, group in enumerate(groups):
        first = group[0]
        text = _complaint_label(first, w)
        if first.date:
            text += w("of", date=first.date)
        text += w("on_asins", asins=", ".join(dict.fromkeys(c.asin for c in group)))
        if first.infringement_type:
            text += f" ({w.kind(first)})" if w.lang == "en" else f"（{w.kind(first)}）"
        if first.rights_owner:
            text += w("by_owner", owner=first.rights_owner)
        if first.brand_or_work:
            text += w("about", brand=first.brand_or_work)
        runs.append(Run(("; " if w.lang == "en" else "；") * (i > 0) + text))
    blocks.append(Block("paragraph", runs))
    count = len(groups)
    blocks.append(Block("paragraph", _p(w("dear"))))
    blocks.append(Block("paragraph", _p(w("intro", s="s" if count != 1 else ""))))
    return blocks


def _finding(data: dict[str, Any]) -> Finding | None:
    """A finding rebuilt from the scan's JSON, to word its reason in another language."""
    cls: type[TextFinding] | type[ImageFinding] = (
        ImageFinding if data.get("kind") == "image" else TextFinding
    )
    names = {f.name for f in fields(cls)} - {"kind"}
    try:
        return cls(**{k: v for k, v in data.items() if k in names and v is not None})
    except (TypeError, ValueError):
        return None


def _finding_reasons(listing: Reviewed, w: _Words) -> str:
    """The scan's reasons for a listing, without the complaint's own reason; in Chinese they
    are worded again from the findings (report/i18n.py), English where a rule has no text."""
    own = {complaint_reason(c) for c in listing.complaints}
    reasons = [r for r in listing.reasons if r not in own]
    if w.lang == "zh":
        rebuilt = [_finding(f) for f in listing.findings]
        found = [f for f in rebuilt if f is not None]
        if len(found) == len(rebuilt):
            reasons = i18n_reasons(found, "zh")
    return ("; " if w.lang == "en" else "；").join(reasons[:5])


def _root_cause(review: Review, w: _Words) -> list[Block]:
    blocks = [Block("heading", _p(w("h_cause")))]
    brands, assets = review.inputs.get("brands", 0), review.inputs.get("assets", 0)
    complained: set[str] = set()
    for complaint in review.complaints:
        if complaint.asin in complained:
            continue
        complained.add(complaint.asin)
        label = _complaint_label(complaint, w)
        listings = review.by_asin(complaint.asin)
        found = [r for r in listings if r.findings]
        if found:
            top = found[0]
            blocks.append(Block("bullet", _p(w(
                "cause_found", asin=complaint.asin, title=top.title, complaint=label,
                reasons=_finding_reasons(top, w) or top.reasons[0],
            ))))
        elif listings:
            blocks.append(Block("bullet", _p(
                w("cause_clean", asin=complaint.asin, title=listings[0].title,
                  complaint=label, brands=brands, assets=assets),
                w.fill("fill_owner_says"),
            )))
        else:
            blocks.append(Block("bullet", _p(
                w("cause_missing", asin=complaint.asin, complaint=label),
                w.fill("fill_cause"),
            )))
    if not review.complaints:
        blocks.append(Block("paragraph", _p(w.fill("fill_cause"))))
    blocks.append(Block("paragraph", _p(w.fill("fill_why"))))
    others = [r for r in review.listings if r.level != "none" and not r.complaints]
    if others and review.complaints:
        same = {
            r.asin or r.sku
            for c in review.complaints
            for r in review.same_brand_or_owner(c)
            if not r.complaints
        }
        n = _pages(others)
        blocks.append(Block("paragraph", _p(w(
            "others", n=n, s=w.plural(n),
            same=w("others_same", k=len(same)) if same else "",
        ))))
    return blocks


def _actions(review: Review, w: _Words) -> list[Block]:
    blocks = [Block("heading", _p(w("h_actions")))]
    owners: dict[str, str] = {}
    for c in review.complaints:
        if c.rights_owner and not owners.get(c.rights_owner):
            owners[c.rights_owner] = c.rights_owner_email
    if not owners:
        owners = {"": ""}
    for owner, address in owners.items():
        slots: dict[str, Run] = {
            "owner": Run(owner) if owner else w.fill("fill_owner"),
            "email": Run(address) if address else w.fill("fill_email"),
            "date": w.fill("fill_contact_date"),
            "reply": w.fill("fill_reply"),
        }
        blocks.append(Block("number", _slotted(w("contact"), slots)))

    inputs = review.inputs
    exports = len(inputs.get("exports") or [])
    lists = len(inputs.get("brand_lists") or [])
    review_runs = _p(w(
        "review", date=review.review_date, listings=len(review.listings),
        asins=len(review.asins), exports=exports, exports_s=w.plural(exports),
        rows=inputs.get("rows", 0), brands=inputs.get("brands", 0), lists=lists,
        lists_s=w.plural(lists),
    ))
    images = int(inputs.get("images") or 0)
    if images:
        n = int(inputs.get("complaint_images") or 0)
        review_runs += _p(w(
            "images", images=images, assets=inputs.get("assets", 0),
            complained=w("images_complained", n=n) if n else "",
        ))
    else:
        review_runs += _p(w("no_images"), w.fill("fill_images"))
    if review.complaints_in_scan:
        review_runs += _p(w("watch"))
    blocks.append(Block("number", review_runs))

    removed = review.with_outcome("removed")
    if removed:
        n = _pages(removed)
        blocks.append(Block("number", _p(
            w("removed", n=n, s=w.plural(n), asins=asin_list(removed, w)),
            w.fill("fill_removed_date"),
        )))
    else:
        blocks.append(Block("number", _p(w("removed_none"))))
    fixed = review.with_outcome("fixed")
    if fixed:
        n = _pages(fixed)
        blocks.append(Block("number", _p(
            w("fixed", n=n, s=w.plural(n), asins=asin_list(fixed, w)),
            w.fill("fill_fixed_date"),
        )))
    else:
        blocks.append(Block("number", _p(w("fixed_none"))))
    for outcome, key, extra in (
        ("done", "done", None),
        ("kept_authorized", "authorized", "fill_authorized"),
        ("kept_false_alarm", "false_alarm", None),
    ):
        members = review.with_outcome(outcome)
        if members:
            n = _pages(members)
            runs = _p(w(key, n=n, s=w.plural(n), asins=asin_list(members, w)))
            if extra:
                runs.append(w.fill(extra))
            blocks.append(Block("number", runs))
    pending = review.with_outcome("to_review")
    if pending:
        n = _pages(pending)
        blocks.append(Block("number", [w.fill(
            "fill_to_review", n=n, s=w.plural(n), asins=asin_list(pending, w))]))
    blocks.append(Block("number", _p(w("evidence"))))
    return blocks


def _slotted(template: str, slots: dict[str, Run]) -> list[Run]:
    """Runs of a sentence whose `|name|` slots hold a value or a placeholder; the slots keep
    each language's word order."""
    runs: list[Run] = []
    for i, piece in enumerate(template.split("|")):
        if i % 2:
            runs.append(slots[piece])
        elif piece:
            runs.append(Run(piece))
    return runs


def _prevention(w: _Words) -> list[Block]:
    return [
        Block("heading", _p(w("h_prevent"))),
        Block("number", _p(w("prevent_check"), w.fill("fill_who"), w("prevent_check_after"))),
        Block("number", _p(
            w("prevent_scan"), w.fill("fill_how_often"), w("prevent_scan_after"),
            w.fill("fill_days"), w("prevent_scan_end"),
        )),
        Block("number", _p(w("prevent_training"), w.fill("fill_training"))),
        Block("number", _p(w("prevent_suppliers"), w.fill("fill_suppliers"))),
        Block("number", [w.fill("fill_other")]),
        Block("paragraph", _p(w("closing"))),
        Block("paragraph", _p(w("regards"))),
        Block("paragraph", [w.fill("fill_name")]),
        Block("paragraph", [w.fill("fill_store")]),
    ]


def plan_of_action(review: Review, lang: str = "en") -> list[Block]:
    """The plan of action as document blocks, in English (`en`) or Simplified Chinese (`zh`)."""
    w = _Words(lang)
    return [
        Block("title", _p(w("title"))),
        *_notes(review, w),
        *_header(review, w),
        *_root_cause(review, w),
        *_actions(review, w),
        *_prevention(w),
    ]
