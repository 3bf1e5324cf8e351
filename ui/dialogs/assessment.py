"""욕구 및 위기도 조사 over the ten domains of resources/rules/assessment.json.

The expected crisis level is recomputed as the worker sets urgencies (the same rule function the
service uses), so the case type suggestion is no surprise when the form is saved. A reassessment of
a case with a plan sets each need's goals beside its urgency then and now (목표 대비 변화).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout

from app.services import cases, rules
from app.services.cases import DomainInput, ScreeningInput

from .. import messages
from ..forms import Combo, FormDialog, RowsEditor, date_edit, length_problem, py_date, text_area
from .common import member_combo


class AssessmentDialog(FormDialog):
    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("욕구 및 위기도 조사 — {0} {1}").format(detail.case_no,
                                                                              detail.primary_name),
                         parent, draft_key=f"assessment:{detail.case_id}", scroll=True)
        self.case_id = detail.case_id
        spec = rules.load("assessment")
        self.labels = rules.domain_labels()
        self.level_labels = spec["crisis_levels"]["labels"]
        self.held_on = self.add_row(self.tr("조사일"), "held_on", date_edit(ctx.today()))
        self.member = self.add_row(self.tr("조사 대상"), "member",
                                   member_combo(detail.household.members, detail.primary_member_id))
        self.level = QLabel()
        self.level.setObjectName("crisisLevel")
        self.form.addRow(self.tr("예상 위기도"), self.level)
        self.progress = self._plan_progress(detail)

        self.domains: dict[str, tuple[Combo, object, object, object]] = {}
        for code, label in self.labels.items():
            box = QGroupBox(label)
            box.setStyleSheet("QGroupBox { font-weight: bold; }")
            grid = QGridLayout(box)
            urgency = Combo()
            for i, name in enumerate(spec["urgency_labels"]):
                urgency.addItem(f"{i} {name}", i)
            words = text_area(self.tr("대상자가 말한 욕구"), rows=3)
            view = text_area(self.tr("사례관리자 의견"), rows=3)
            strengths = text_area(self.tr("강점·자원"), rows=3)
            for suffix, w in (("urgency", urgency), ("words", words), ("view", view), ("strengths", strengths)):
                self.watch(f"{code}.{suffix}", w)
            grid.addWidget(QLabel(self.tr("긴급도")), 0, 0)
            grid.addWidget(urgency, 1, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(QLabel(self.tr("대상자 욕구(대상자의 말)")), 0, 1)
            grid.addWidget(QLabel(self.tr("사례관리자 의견")), 0, 2)
            grid.addWidget(QLabel(self.tr("강점·자원")), 0, 3)
            grid.addWidget(words, 1, 1)
            grid.addWidget(view, 1, 2)
            grid.addWidget(strengths, 1, 3)
            for col in (1, 2, 3):
                grid.setColumnStretch(col, 1)
            self.body_layout.addWidget(box)
            self.domains[code] = (urgency, words, view, strengths)

        instruments = spec["instruments"]
        screening_box = QGroupBox(self.tr("선별도구"))
        self.instruments = instruments
        self.screenings = RowsEditor([(self.tr("도구"), [(v["label"], k) for k, v in instruments.items()]),
                                      (self.tr("점수"), None)], self.tr("선별검사 추가"))
        self.watch("screenings", self.screenings)
        QVBoxLayout(screening_box).addWidget(self.screenings)
        self.body_layout.addWidget(screening_box)
        summary_box = QGroupBox(self.tr("종합 의견"))
        self.summary = self.watch("summary", text_area(rows=4))
        QVBoxLayout(summary_box).addWidget(self.summary)
        self.body_layout.addWidget(summary_box)
        self.resize(1040, 760)

    def _plan_progress(self, detail) -> dict[str, tuple[QLabel, str, int | None]]:
        """목표 대비 변화: for each need of the current plan, its goals and the urgency at the last
        assessment beside the one being set now (kept current by revalidate)."""
        plan = detail.current_plan
        if plan is None or not plan.items:
            return {}
        before = {d.code: d.urgency for d in detail.assessments[0].domains} if detail.assessments else {}
        box = QGroupBox(self.tr("계획 목표 대비 변화"))
        grid = QGridLayout(box)
        rows: dict[str, tuple[QLabel, str, int | None]] = {}
        for item in plan.items:
            if item.domain in rows:
                continue
            goals = " / ".join(g for g in (item.long_goal and self.tr("장기: {0}").format(item.long_goal),
                                           item.goal and self.tr("단기: {0}").format(item.goal)) if g)
            text = QLabel(f"{item.domain_label} — {goals or item.service}")
            text.setWordWrap(True)
            change = QLabel()
            r = len(rows)
            grid.addWidget(text, r, 0)
            grid.addWidget(change, r, 1)
            rows[item.domain] = (change, item.domain_label, before.get(item.domain))
        grid.setColumnStretch(0, 1)
        self.body_layout.addWidget(box)
        return rows

    def _show_progress(self) -> None:
        now = self.urgencies()
        for code, (label, _name, before) in self.progress.items():
            after = now.get(code, 0)
            if before is None:
                label.setText(self.tr("이번 긴급도 {0}").format(after))
            else:
                trend = self.tr("나아짐") if after < before else self.tr("그대로") if after == before else self.tr("나빠짐")
                label.setText(self.tr("긴급도 {0} → {1} ({2})").format(before, after, trend))

    # --- reading the form ---
    def urgencies(self) -> dict[str, int]:
        return {code: w[0].currentData() for code, w in self.domains.items()}

    def _screening_inputs(self) -> tuple[list[ScreeningInput], list[str]]:
        out, problems = [], []
        for i, (instrument, score) in enumerate(self.screenings.rows(), 1):
            spec = self.instruments[instrument]
            if not score.isdigit() or not spec["min"] <= int(score) <= spec["max"]:
                problems.append(f"{i}번째 선별검사 점수는 {spec['min']}~{spec['max']} 사이의 숫자입니다.")
            else:
                out.append(ScreeningInput(instrument, int(score)))
        return out, problems

    def problems(self) -> list[str]:
        out = []
        if py_date(self.held_on) > self.ctx.today():
            out.append("조사일이 오늘 이후입니다.")
        if not any(u or w[1].toPlainText().strip() or w[2].toPlainText().strip()
                   for u, w in zip(self.urgencies().values(), self.domains.values())):
            out.append("적어도 한 영역의 욕구나 긴급도를 입력하세요.")
        for code, (_, words, view, strengths) in self.domains.items():
            label = self.labels[code]
            for w, what in ((words, "대상자 욕구"), (view, "사례관리자 의견"), (strengths, "강점·자원")):
                p = length_problem(w.toPlainText(), f"{label} {what}", 4000)
                if p:
                    out.append(p)
        out += self._screening_inputs()[1]
        p = length_problem(self.summary.toPlainText(), "종합 의견", 8000)
        return out + ([p] if p else [])

    def revalidate(self) -> list[str]:
        problems = super().revalidate()
        if hasattr(self, "domains"):
            level = rules.assessed_level(self.urgencies(),
                                         ((s.instrument, s.score) for s in self._screening_inputs()[0]))
            self.level.setText(f"{level} — {self.level_labels[level]}")
            if hasattr(self, "progress"):
                self._show_progress()
        return problems

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        domains = {code: DomainInput(client_words=w[1].toPlainText(), worker_view=w[2].toPlainText(),
                                     urgency=w[0].currentData(), strengths=w[3].toPlainText())
                   for code, w in self.domains.items()
                   if w[0].currentData() or any(x.toPlainText().strip() for x in w[1:])}
        screenings = self._screening_inputs()[0]
        args = dict(held_on=py_date(self.held_on), domains=domains, screenings=screenings,
                    member_id=self.member.currentData(), summary=self.summary.toPlainText())
        return lambda: cases.save_assessment(ctx, case_id, **args)

    def after_save(self, result) -> None:
        names = {p["code"]: p["name"] for p in rules.programs()}
        programs = ", ".join(names.get(c, c) for c in result.eligible_programs) or self.tr("없음")
        messages.info(self.parentWidget(), self.tr("조사 결과"),
                      self.tr("위기도: {0} — {1}\n제안 사례유형: {2}\n의뢰 가능 사업: {3}").format(
                          result.crisis_level, self.level_labels[result.crisis_level],
                          result.suggested_case_type, programs))
