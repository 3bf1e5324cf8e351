"""Printed forms and statistics: plain data objects in, PDF / HWPX / Excel bytes out.

No Qt, no ORM: the application maps its rows to the dataclasses in ``reports.data`` and calls
these functions (off the GUI thread; they are pure and thread-safe apart from the one-time font
registration, which is locked).
"""

from .closure import render_closure_report
from .hwpx_forms import (render_assessment_hwpx, render_closure_report_hwpx, render_consent_hwpx,
                         render_intake_record_hwpx, render_meeting_minutes_hwpx, render_service_plan_hwpx,
                         render_statistics_hwpx)
from .intake_assessment import render_assessment, render_intake_record
from .consent import render_consent
from .data import (
    AssessmentDomainRow,
    AssessmentFormData,
    IntakeRecordData,
    Attendee,
    CaseCounts,
    CaseDiscussion,
    ClosureReportData,
    ConsentFormData,
    DongCounts,
    GoalEvaluation,
    HouseholdMember,
    HouseholdTypeCount,
    LegalRepresentative,
    LongOpenCount,
    MeetingMinutesData,
    Person,
    PlanGoal,
    RoleAssignment,
    ServicePlanData,
    ServicePlanItem,
    ServiceRecord,
    StatisticsData,
)
from .fonts import register_fonts
from .minutes import render_meeting_minutes
from .privacy import Redactor, deidentify_name, format_rrn, mask_rrn
from .service_plan import render_service_plan
from .statistics import render_statistics_pdf, render_statistics_xlsx

__all__ = [
    "AssessmentDomainRow",
    "AssessmentFormData",
    "IntakeRecordData",
    "render_assessment",
    "render_assessment_hwpx",
    "render_closure_report_hwpx",
    "render_consent_hwpx",
    "render_intake_record",
    "render_intake_record_hwpx",
    "render_meeting_minutes_hwpx",
    "render_service_plan_hwpx",
    "render_statistics_hwpx",
    "Attendee",
    "CaseCounts",
    "CaseDiscussion",
    "ClosureReportData",
    "ConsentFormData",
    "DongCounts",
    "GoalEvaluation",
    "HouseholdMember",
    "HouseholdTypeCount",
    "LegalRepresentative",
    "LongOpenCount",
    "MeetingMinutesData",
    "Person",
    "PlanGoal",
    "Redactor",
    "RoleAssignment",
    "ServicePlanData",
    "ServicePlanItem",
    "ServiceRecord",
    "StatisticsData",
    "deidentify_name",
    "format_rrn",
    "mask_rrn",
    "register_fonts",
    "render_closure_report",
    "render_consent",
    "render_meeting_minutes",
    "render_service_plan",
    "render_statistics_pdf",
    "render_statistics_xlsx",
]
