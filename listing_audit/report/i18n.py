"""Words of the report in English (the default) and Simplified Chinese (`--lang zh`).

Many sellers, and the teams that run their accounts, work in Chinese; Amazon's appeal language is
English. The workbook's sheet names, headers, levels, actions and reasons are translated here;
listing text, brand names and owners are never translated (they are evidence). A rule without a
Chinese template falls back to its English reason rather than to nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Complaint, Finding, ImageFinding, ListingResult, TextFinding
from ..scoring import complaint_reason, field_label, reason

LANGS: tuple[str, ...] = ("en", "zh")

_ZH: dict[str, str] = {
    # sheets
    "Summary": "摘要",
    "Flagged ASINs": "需处理的ASIN",
    "Findings": "发现明细",
    "Image matches": "图片匹配",
    "All listings": "全部商品",
    "Skipped": "跳过项",
    "Run info": "运行信息",
    # headers
    "Rank": "排名",
    "ASIN": "ASIN",
    "SKU": "SKU",
    "SKUs": "SKU",
    "Title": "标题",
    "Level": "风险等级",
    "Action": "处理建议",
    "Score": "分数",
    "Reasons": "原因",
    "Brands / assets matched": "匹配的品牌/图片",
    "Decision": "决定",
    "Assignee": "负责人",
    "Notes": "备注",
    "Finding ID": "发现编号",
    "Rule": "规则",
    "Kind": "类型",
    "Field or slot": "字段或图位",
    "Brand or asset": "品牌或图片",
    "Owner": "权利人",
    "Text as written / image path": "原文/图片路径",
    "Normalised": "归一化形式",
    "Match or method": "匹配方式",
    "Context": "上下文",
    "Distance": "距离",
    "Cue": "上下文线索",
    "Evidence": "证据",
    "Status": "状态",
    "Source file": "来源文件",
    "Row": "行",
    "Problems": "问题",
    "File": "文件",
    "Column": "列",
    "Reason": "原因",
    "Slot": "图位",
    "Listing image": "商品图片",
    "Protected image": "受保护图片",
    "Asset": "受保护图片文件",
    "Method": "方法",
    "Image file": "图片文件",
    "Item": "项目",
    "Value": "值",
    "Path": "路径",
    "Size (bytes)": "大小（字节）",
    "SHA-256": "SHA-256",
    # summary and run info
    "listing-audit report": "listing-audit 风险报告",
    "Generated at": "生成时间",
    "Tool version": "工具版本",
    "Rules fingerprint": "规则指纹",
    "Listings by level": "按风险等级统计",
    "Listings by action": "按处理建议统计",
    "Listings": "商品数",
    "Total": "合计",
    "Inputs scanned": "扫描的输入",
    "Input": "输入",
    "Count": "数量",
    "Details": "详情",
    "Export files": "导出文件",
    "Rows read": "读取行数",
    "Rows left out": "未采用的行",
    "Images": "图片",
    "Protected assets": "受保护图片",
    "Brand entries": "品牌条目",
    "Brand lists": "品牌清单",
    "Own brands": "自有品牌",
    "Authorized brands": "授权品牌",
    "Skipped items": "跳过项",
    "Top brands and assets behind findings": "涉及最多的品牌和图片",
    "Top owners behind findings": "涉及最多的权利人",
    "No findings": "无发现",
    "Note": "说明",
    "Tool": "工具",
    "Started at": "开始时间",
    "Duration (s)": "耗时（秒）",
    "Rules file": "规则文件",
    "Asset folders": "受保护图片文件夹",
    "Image folders": "图片文件夹",
    "Listing images": "商品图片",
    "Input files": "输入文件",
    # values
    "high": "高",
    "medium": "中",
    "low": "低",
    "none": "无",
    "remove": "删除",
    "fix": "修改",
    "review": "复核",
    "skipped": "已跳过",
    "text": "文字",
    "image": "图片",
}

_FIELDS_ZH: dict[str, str] = {
    "title": "标题",
    "brand field": "品牌字段",
    "description": "商品描述",
    "search terms": "搜索词",
}


def t(text: str, lang: str) -> str:
    """`text` in `lang`; unknown words stay as they are."""
    return _ZH.get(text, text) if lang == "zh" else text


def _field_zh(field: str) -> str:
    label = field_label(field)
    if label.startswith("bullet point "):
        return f"五点描述{label.removeprefix('bullet point ')}"
    return _FIELDS_ZH.get(label, label)


_WRITTEN_ZH: dict[str, str] = {
    "look-alike": "用其他字母表的形近字母",
    "invisible": "在词中插入不可见字符",
    "digit-swap": "用数字代替字母",
    "spaced": "把字母拆开书写",
    "styled": "用全角或花体字母",
    "accent": "加上品牌没有的重音符号",
}


def _image_zh(finding: ImageFinding, owner: str) -> str | None:
    name = Path(finding.image).name
    evidence = (
        f"{finding.method}，{finding.inliers} 个匹配特征点，"
        f"{1 - finding.distance:.0%} 的轮廓吻合"
        if finding.inliers
        else f"{finding.method}，距离 {finding.distance:g}"
    )
    if finding.rule_id == "I-EMBEDDED":
        return f"{finding.slot} 图片 {name} 中含有受保护图片 {finding.asset}{owner}（{evidence}）"
    if finding.rule_id.startswith("I-COPY"):
        return f"{finding.slot} 图片 {name} 与受保护图片 {finding.asset}{owner} 相符（{evidence}）"
    return None


def _text_zh(finding: TextFinding, where: str, owner: str, said: str) -> str | None:
    brand = f"{finding.brand}{owner}"
    cue = finding.cue_text
    if finding.rule_id == "T-COUNTERFEIT":
        return f"{where}在销售 {brand} 的仿品：{said} 与“{cue}”同时出现"
    if finding.rule_id == "T-DISGUISE":
        how = _WRITTEN_ZH.get(finding.match, "以伪装形式")
        return f"{where}{how}提到品牌 {brand}（写作{said}）"
    if finding.rule_id == "T-MISSPELLED":
        return f"{where}以拼错的形式提到品牌 {brand}（写作{said}，相差 {finding.distance} 个字母）"
    if finding.rule_id == "T-COMPATIBLE" and cue:
        return f"{where}声明与 {brand} 兼容（“{cue}”）；请确认声明属实，且不会让人误以为是该品牌"
    if finding.rule_id == "T-COMPATIBLE":
        return f"{where}提到 {brand}（写作{said}），该商标多用于说明适配对象；请确认商品符合"
    return None


def complaint_text(complaint: Complaint, lang: str) -> str:
    """A rights owner's complaint, in `lang`."""
    if lang != "zh":
        return complaint_reason(complaint)
    said = "，".join(
        part
        for part in (
            f"投诉编号 {complaint.complaint_id}" if complaint.complaint_id else "",
            complaint.infringement_type,
            complaint.brand_or_work,
            complaint.date,
        )
        if part
    )
    who = complaint.rights_owner or "权利人"
    return f"{who} 已就此 ASIN 向亚马逊投诉" + (f"（{said}）" if said else "")


def reason_text(finding: Finding, lang: str) -> str:
    """One finding in the seller's words, in `lang`."""
    if lang != "zh":
        return reason(finding)
    owner = f"（{finding.owner}）" if finding.owner else ""
    if isinstance(finding, ImageFinding):
        return _image_zh(finding, owner) or reason(finding)
    where, said = _field_zh(finding.field), f"“{finding.matched_text}”"
    special = _text_zh(finding, where, owner, said)
    if special is not None:
        return special
    templates = {
        "T-SEARCH-TERMS": f"搜索词含有品牌 {finding.brand}{owner}（写作{said}）；"
        "亚马逊不允许在搜索词中使用品牌名",
        "T-BRAND-FIELD": f"品牌字段声明为 {finding.brand}{owner}，这不是您的品牌",
        "T-GENERIC": f"{where}把商标 {finding.brand}{owner} 当作通用名词使用"
        + (f"；请改用“{finding.suggestion}”" if finding.suggestion else ""),
        "T-COMMON-WORD": f"{where}使用了{said}，这也是品牌 {finding.brand}{owner}；"
        "请确认是普通词义",
        "T-PLAIN": f"{where}提到品牌 {finding.brand}{owner}（写作{said}）",
    }
    return templates.get(finding.rule_id) or reason(finding)


def reasons(findings: list[Finding], lang: str) -> list[str]:
    """Every finding's reason in `lang`, each once, strongest first (findings come sorted)."""
    return list(dict.fromkeys(reason_text(f, lang) for f in findings))


def listing_reasons(result: ListingResult, lang: str) -> list[str]:
    """A listing's reasons in `lang`: the scorer's own in English; otherwise complaints first,
    then every finding's reason once, strongest first."""
    if lang == "en":
        return result.reasons
    said = [complaint_text(c, lang) for c in result.complaints]
    return list(dict.fromkeys([*said, *reasons(result.findings, lang)]))
