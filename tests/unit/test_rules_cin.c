/* test_rules_cin.c - the DfE CIN census rules (src/validate/rules_cin.c): for every rule a tiny
 * child tree that fires it (exact rule, count, line and field of the first finding) and one that
 * does not; the return-level rules over several children; the code table's shape; and every
 * rule run over the sample census files in tests/fixtures with the exact findings asserted.
 *
 * Collection year 2024 throughout the tree tests: period 1 April 2023 .. 31 March 2024
 * (reference date a Sunday; Good Friday 29 March 2024 is a bank holiday). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vtree.h"

#include "ingest/raw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- one rule, one tree ---------------------------------------------------------------- */

typedef struct rule_case {
    const char *id;
    const char *fires; /* a child tree that fires the rule */
    int n;             /* findings it gives */
    long line;         /* line of the first finding */
    const char *field; /* field of the first finding */
    const char *quiet; /* a child tree, as close as possible to `fires`, that does not */
    int year;          /* collection year when not 2024 */
} rule_case;

/* Trees put the offending leaf (or, when it is absent, its module) on a known line with @LINE. */
static const rule_case CASES[] = {
    /* child identifiers */
    {"1510", "Child(ChildIdentifiers(LAchildID=A1 UPN=A201123456789@3))", 1, 3, "UPN",
     "Child(ChildIdentifiers(LAchildID=A1 UPN=P201123456789@3))", 0},
    {"1530", "Child(ChildIdentifiers(UPN=A99912345678B@4))", 1, 4, "UPN",
     "Child(ChildIdentifiers(UPN=A94312345678B@4))", 0},
    {"1540", "Child(ChildIdentifiers(UPN=A2011234X678B@4))", 1, 4, "UPN",
     "Child(ChildIdentifiers(UPN=A20112345678B@4))", 0},
    {"1550", "Child(ChildIdentifiers(UPN=A20112345678I@4))", 1, 4, "UPN",
     "Child(ChildIdentifiers(UPN=A20112345678Z@4))", 0},
    {"1560Q", "Child(ChildIdentifiers(FormerUPN=A2011234567@5))", 1, 5, "FormerUPN",
     "Child(ChildIdentifiers(FormerUPN=A20112345678B@5))", 0},
    {"1570", "Child(ChildIdentifiers(LAchildID=ABCDEFGHIJ0123456789X@2))", 1, 2, "LAchildID",
     "Child(ChildIdentifiers(LAchildID=ABCDEFGHIJ0123456789@2))", 0},
    {"1580", "Child(ChildIdentifiers(LAchildID=AB_12@2))", 1, 2, "LAchildID",
     "Child(ChildIdentifiers(LAchildID=AB12@2))", 0},
    {"4180", "Child(ChildIdentifiers@2(LAchildID=A1))", 1, 2, "Sex",
     "Child(ChildIdentifiers@2(LAchildID=A1 Sex=F))", 2025},
    {"8500", "Child(ChildIdentifiers@2(UPN=A20112345678B))", 1, 2, "LAchildID",
     "Child(ChildIdentifiers@2(LAchildID=A1))", 0},
    {"8520", "Child(ChildIdentifiers(PersonBirthDate=2024-04-01@3))", 1, 3, "PersonBirthDate",
     "Child(ChildIdentifiers(PersonBirthDate=2024-03-31@3))", 0},
    {"8525",
     "Child(ChildIdentifiers(PersonBirthDate=2020-01-01@3 ExpectedPersonBirthDate=2020-01-01))", 1,
     3, "PersonBirthDate", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-05-01))", 0},
    {"8530Q", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-02-29@3))", 1, 3,
     "ExpectedPersonBirthDate", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-03-01@3))", 0},
    {"8535Q", "Child(ChildIdentifiers(PersonBirthDate=2020-01-02 PersonDeathDate=2020-01-01@4))", 1,
     4, "PersonDeathDate",
     "Child(ChildIdentifiers(PersonBirthDate=2020-01-02 PersonDeathDate=2020-01-02@4))", 0},
    {"8545Q", "Child(ChildIdentifiers(PersonDeathDate=2023-03-31@4))", 1, 4, "PersonDeathDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-04-01@4))", 0},
    {"8750", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-05-01 Sex=M@5))", 1, 5, "Sex",
     "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-05-01 Sex=U@5))", 2025},
    {"8770Q",
     "Child(ChildIdentifiers@2(PersonBirthDate=2015-01-01 UPNunknown=UN1) "
     "CINdetails(ReferralNFA=false))",
     1, 2, "UPN",
     "Child(ChildIdentifiers@2(PersonBirthDate=2015-01-01 UPNunknown=UN2) "
     "CINdetails(ReferralNFA=false))",
     0},
    {"8772",
     "Child(ChildIdentifiers(UPNunknown=UN7@3) CINdetails(ReferralNFA=1) "
     "CINdetails(ReferralNFA=0))",
     1, 3, "UPNunknown",
     "Child(ChildIdentifiers(UPNunknown=UN7@3) CINdetails(ReferralNFA=1) "
     "CINdetails(ReferralNFA=true))",
     0},
    {"8775Q",
     "Child(ChildIdentifiers(PersonBirthDate=1998-01-01@3) CINdetails(CINreferralDate=2023-05-01))",
     1, 3, "PersonBirthDate",
     "Child(ChildIdentifiers(PersonBirthDate=1999-04-01@3) "
     "CINdetails(CINreferralDate=2023-05-01))",
     0},
    /* child characteristics */
    {"4220", "Child(ChildCharacteristics(Ethnicity=WXYZ@3))", 1, 3, "Ethnicity",
     "Child(ChildCharacteristics(Ethnicity=WBRI@3))", 0},
    {"8540",
     "Child(ChildIdentifiers(PersonBirthDate=2015-01-01) ChildCharacteristics@3(Ethnicity=WBRI) "
     "CINdetails(ReferralNFA=false))",
     1, 3, "Disability",
     "Child(ChildIdentifiers(PersonBirthDate=2015-01-01) "
     "ChildCharacteristics@3(Ethnicity=WBRI Disabilities(Disability=NONE)) "
     "CINdetails(ReferralNFA=false))",
     0},
    {"8790", "Child(ChildCharacteristics(Disabilities(Disability=NONE@4 Disability=HAND@5)))", 1, 4,
     "Disability", "Child(ChildCharacteristics(Disabilities(Disability=VIS@4 Disability=HAND@5)))",
     0},
    {"8794", "Child(ChildCharacteristics(Disabilities(Disability=HAND@4 Disability=HAND@5)))", 1, 5,
     "Disability", "Child(ChildCharacteristics(Disabilities(Disability=HAND@4 Disability=HEAR@5)))",
     0},
    /* CIN details */
    {"2990",
     "Child(CINdetails(ReasonForClosure=RC8@3 Assessments(AssessmentActualStartDate=2023-05-02) "
     "CINPlanDates(CINPlanStartDate=2023-05-02)))",
     1, 3, "ReasonForClosure",
     "Child(CINdetails(ReasonForClosure=RC8@3 Assessments(AssessmentActualStartDate=2023-05-02)))",
     0},
    {"4000", "Child(CINdetails(ReferralNFA=true@4 CINPlanDates(CINPlanStartDate=2023-05-02)))", 1,
     4, "ReferralNFA",
     "Child(CINdetails(ReferralNFA=false@4 CINPlanDates(CINPlanStartDate=2023-05-02)))", 0},
    {"8555",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) CINdetails(CINreferralDate=2023-06-02@5))",
     1, 5, "CINreferralDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(CINreferralDate=2023-06-01@5))",
     0},
    {"8565",
     "Child(CINdetails(CINclosureDate=2023-06-01 "
     "Assessments(AssessmentActualStartDate=2023-05-01 AssessmentAuthorisationDate=2023-06-02@6)))",
     1, 6, "AssessmentAuthorisationDate",
     "Child(CINdetails(CINclosureDate=2023-06-01 "
     "Assessments(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-06-01@6)))",
     0},
    {"8568", "Child(CINdetails@2(ReferralNFA=yes@2))", 1, 2, "ReferralNFA",
     "Child(CINdetails@2(ReferralNFA=TRUE))", 0},
    /* 1 April 2023 is a Saturday, so one working day before it is Friday 31 March. */
    {"8569", "Child(CINdetails(CINreferralDate=2023-03-30 ReferralNFA=true@3))", 1, 3,
     "ReferralNFA", "Child(CINdetails(CINreferralDate=2023-03-31 ReferralNFA=true@3))", 0},
    {"8585Q", "Child(ChildIdentifiers(LAchildID=A1) CINdetails(ReasonForClosure=RC2@3))", 1, 3,
     "ReasonForClosure",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) CINdetails(ReasonForClosure=RC2@3))", 0},
    {"8590", "Child@1(ChildIdentifiers(LAchildID=A1))", 1, 1, "CINdetails",
     "Child@1(ChildIdentifiers(LAchildID=A1) CINdetails(CINreferralDate=2023-05-01))", 0},
    {"8600", "Child(CINdetails(CINreferralDate=2024-04-01@3))", 1, 3, "CINreferralDate",
     "Child(CINdetails(CINreferralDate=2024-03-31@3))", 0},
    /* 280 days before 1 January 2024 is 27 March 2023. */
    {"8606",
     "Child(ChildIdentifiers(PersonBirthDate=2024-01-01) CINdetails(CINreferralDate=2023-03-26@4))",
     1, 4, "CINreferralDate",
     "Child(ChildIdentifiers(PersonBirthDate=2024-01-01) "
     "CINdetails(CINreferralDate=2023-03-27@4))",
     0},
    {"8610", "Child(CINdetails@2(ReferralNFA=0))", 1, 2, "PrimaryNeedCode",
     "Child(CINdetails@2(ReferralNFA=0 PrimaryNeedCode=N1))", 0},
    {"8620", "Child(CINdetails(CINclosureDate=2024-04-01@3))", 1, 3, "CINclosureDate",
     "Child(CINdetails(CINclosureDate=2024-03-31@3))", 0},
    {"8630", "Child(CINdetails(CINreferralDate=2023-06-02 CINclosureDate=2023-06-01@3))", 1, 3,
     "CINclosureDate", "Child(CINdetails(CINreferralDate=2023-06-01 CINclosureDate=2023-06-01@3))",
     0},
    {"8640", "Child(CINdetails(ReasonForClosure=RC0@3))", 1, 3, "ReasonForClosure",
     "Child(CINdetails(ReasonForClosure=RC9@3))", 0},
    {"8650", "Child(CINdetails(PrimaryNeedCode=N10@3))", 1, 3, "PrimaryNeedCode",
     "Child(CINdetails(PrimaryNeedCode=N0@3))", 0},
    {"8805", "Child(CINdetails@2(CINclosureDate=2023-06-01))", 1, 2, "ReasonForClosure",
     "Child(CINdetails@2(CINclosureDate=2023-06-01 ReasonForClosure=RC7))", 0},
    {"8810", "Child(CINdetails@2(ReasonForClosure=RC7))", 1, 2, "CINclosureDate",
     "Child(CINdetails@2(CINclosureDate=2023-06-01 ReasonForClosure=RC7))", 0},
    {"8815",
     "Child(CINdetails@2(CINreferralDate=2023-05-01 ReferralNFA=false) "
     "CINdetails@3(CINreferralDate=2023-06-01 ReferralNFA=0))",
     2, 2, "CINclosureDate",
     "Child(CINdetails@2(CINreferralDate=2023-05-01 ReferralNFA=true) "
     "CINdetails@3(CINreferralDate=2023-06-01 ReferralNFA=0))",
     0},
    {"8816",
     "Child(CINdetails(CINreferralDate=2023-05-01@2 ReferralNFA=false) "
     "CINdetails(CINreferralDate=2023-06-01 CINclosureDate=2023-06-05 ReferralNFA=false))",
     1, 2, "CINreferralDate",
     "Child(CINdetails(CINreferralDate=2023-06-06@2 ReferralNFA=false) "
     "CINdetails(CINreferralDate=2023-06-01 CINclosureDate=2023-06-05 ReferralNFA=false))",
     0},
    /* The end of one episode may be the start of the next. */
    {"8820",
     "Child(CINdetails(CINreferralDate=2023-05-01 CINclosureDate=2023-07-01) "
     "CINdetails(CINreferralDate=2023-06-01@3))",
     1, 3, "CINreferralDate",
     "Child(CINdetails(CINreferralDate=2023-05-01 CINclosureDate=2023-07-01) "
     "CINdetails(CINreferralDate=2023-07-01@3))",
     0},
    {"8825Q", "Child(CINdetails(ReasonForClosure=RC9@2))", 1, 2, "ReasonForClosure",
     "Child(CINdetails(ReasonForClosure=RC9@2 Assessments(AssessmentActualStartDate=2023-05-01)))",
     0},
    {"8831", "Child(CINdetails(ReferralNFA=1@2 Section47(S47ActualStartDate=2023-05-01)))", 1, 2,
     "ReferralNFA", "Child(CINdetails(ReferralNFA=0@2 Section47(S47ActualStartDate=2023-05-01)))",
     0},
    {"8832", "Child(CINdetails(ReferralNFA=true@2 ChildProtectionPlans(CPPstartDate=2023-05-01)))",
     1, 2, "ReferralNFA",
     "Child(CINdetails(ReferralNFA=false@2 ChildProtectionPlans(CPPstartDate=2023-05-01)))", 0},
    {"8866", "Child(CINdetails(CINreferralDate=2023-05-01 ReferralSource=11@3))", 1, 3,
     "ReferralSource", "Child(CINdetails(CINreferralDate=2023-05-01 ReferralSource=10@3))", 0},
    /* assessments */
    {"1103",
     "Child(CINdetails(CINreferralDate=2023-06-01 "
     "Assessments(AssessmentActualStartDate=2023-05-31@7)))",
     1, 7, "AssessmentActualStartDate",
     "Child(CINdetails(CINreferralDate=2023-06-01 "
     "Assessments(AssessmentActualStartDate=2023-06-01@7)))",
     0},
    {"8608",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-06-02 "
     "AssessmentAuthorisationDate=2023-06-01@4)))",
     1, 4, "AssessmentAuthorisationDate",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-06-01 "
     "AssessmentAuthorisationDate=2023-06-01@4)))",
     0},
    {"8614",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-06-01 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=1A@5))))",
     1, 5, "AssessmentFactors",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-06-01 "
     "AssessmentAuthorisationDate=2023-06-02 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=1A@5))))",
     0},
    {"8617",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=8A@6))))", 1, 6,
     "AssessmentFactors",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=8B@6))))", 0},
    /* 45 working days before Sunday 31 March 2024 (Good Friday a holiday) is 26 January. */
    {"8670Q", "Child(CINdetails(Assessments(AssessmentActualStartDate=2024-01-25@4)))", 1, 4,
     "AssessmentActualStartDate",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2024-01-26@4)))", 0},
    {"8696",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-03-01 "
     "AssessmentAuthorisationDate=2023-03-31@4)))",
     1, 4, "AssessmentAuthorisationDate",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-03-01 "
     "AssessmentAuthorisationDate=2023-04-01@4)))",
     0},
    {"8736", "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-03-31@4)))", 1, 4,
     "AssessmentActualStartDate",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-04-01@4)))", 0},
    {"8863",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-07-01) "
     "Assessments(AssessmentActualStartDate=2023-07-01@5)))",
     1, 5, "AssessmentActualStartDate",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-07-01) "
     "Assessments(AssessmentActualStartDate=2023-07-02@5)))",
     0},
    {"8867",
     "Child(CINdetails(CINclosureDate=2023-08-01 "
     "Assessments@3(AssessmentActualStartDate=2023-05-01)))",
     1, 3, "AssessmentAuthorisationDate",
     "Child(CINdetails(CINclosureDate=2023-08-01 "
     "Assessments@3(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-06-01)))",
     0},
    {"8869",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=21@6 "
     "AssessmentFactors=1A@7))))",
     1, 6, "AssessmentFactors",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=21@6))))", 0},
    {"8896",
     "Child(CINdetails(Assessments@3(AssessmentActualStartDate=2023-05-01) "
     "Assessments@4(AssessmentActualStartDate=2023-06-01)))",
     2, 3, "AssessmentAuthorisationDate",
     "Child(CINdetails(Assessments@3(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-05-20) "
     "Assessments@4(AssessmentActualStartDate=2023-06-01)))",
     0},
    {"8897",
     "Child(CINdetails(Assessments@3(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-05-20)))",
     1, 3, "AssessmentFactors",
     "Child(CINdetails(Assessments@3(AssessmentActualStartDate=2023-05-01 "
     "AssessmentAuthorisationDate=2023-05-20 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=24A))))",
     0},
    {"8898",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=1A@6 "
     "AssessmentFactors=1A@7))))",
     1, 7, "AssessmentFactors",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=1A@6 "
     "AssessmentFactors=1B@7))))",
     0},
    {"8899Q",
     "Child(ChildCharacteristics(Disabilities(Disability=HAND)) "
     "CINdetails(Assessments(AssessmentAuthorisationDate=2023-05-20 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=1A@6))))",
     1, 6, "AssessmentFactors",
     "Child(ChildCharacteristics(Disabilities(Disability=HAND)) "
     "CINdetails(Assessments(AssessmentAuthorisationDate=2023-05-20 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=1A@6 AssessmentFactors=6A))))",
     0},
    {"8945Q",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=18A@6))))", 1, 6,
     "AssessmentFactors",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=18B@6))))", 0},
    {"8950Q",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=19A@6))))", 1, 6,
     "AssessmentFactors",
     "Child(CINdetails(Assessments(FactorsIdentifiedAtAssessment(AssessmentFactors=19C@6))))", 0},
    /* section 47 enquiries */
    {"1104",
     "Child(CINdetails(CINreferralDate=2023-06-01 Section47(DateOfInitialCPC=2023-05-31@9)))", 1, 9,
     "DateOfInitialCPC",
     "Child(CINdetails(CINreferralDate=2023-06-01 Section47(DateOfInitialCPC=2023-06-01@9)))", 0},
    {"2884",
     "Child(CINdetails(DateOfInitialCPC=2023-06-01 Section47(DateOfInitialCPC=2023-06-01@6)))", 1,
     6, "DateOfInitialCPC",
     "Child(CINdetails(DateOfInitialCPC=2023-06-01 Section47(DateOfInitialCPC=2023-06-02@6)))", 0},
    {"2889",
     "Child(CINdetails(CINreferralDate=2023-06-01 Section47(S47ActualStartDate=2023-05-31@5)))", 1,
     5, "S47ActualStartDate",
     "Child(CINdetails(CINreferralDate=2023-06-01 Section47(S47ActualStartDate=2023-06-01@5)))", 0},
    {"2991Q", "Child(CINdetails(Section47@5(S47ActualStartDate=2023-05-02)))", 1, 5, "Section47",
     "Child(CINdetails(Assessments(AssessmentActualStartDate=2023-05-01) "
     "Section47@5(S47ActualStartDate=2023-05-02)))",
     0},
    {"8615",
     "Child(CINdetails(Section47(S47ActualStartDate=2023-06-02@4 DateOfInitialCPC=2023-06-01)))", 1,
     4, "S47ActualStartDate",
     "Child(CINdetails(Section47(S47ActualStartDate=2023-06-01@4 DateOfInitialCPC=2023-06-01)))",
     0},
    /* 15 working days before Sunday 31 March 2024 (Good Friday a holiday) is 8 March. */
    {"8675Q", "Child(CINdetails(Section47(S47ActualStartDate=2024-03-07@4 ICPCnotRequired=false)))",
     1, 4, "S47ActualStartDate",
     "Child(CINdetails(Section47(S47ActualStartDate=2024-03-08@4 ICPCnotRequired=false)))", 0},
    {"8715", "Child(CINdetails(Section47(DateOfInitialCPC=2024-04-01@4)))", 1, 4,
     "DateOfInitialCPC", "Child(CINdetails(Section47(DateOfInitialCPC=2024-03-31@4)))", 0},
    {"8740", "Child(CINdetails(Section47(S47ActualStartDate=2023-03-31@4 ICPCnotRequired=0)))", 1,
     4, "S47ActualStartDate",
     "Child(CINdetails(Section47(S47ActualStartDate=2023-03-31@4 ICPCnotRequired=1)))", 0},
    {"8839",
     "Child(CINdetails(Section47@3(ICPCnotRequired=false) Section47@4(ICPCnotRequired=false)))", 2,
     3, "DateOfInitialCPC",
     "Child(CINdetails(Section47@3(ICPCnotRequired=false) Section47@4(ICPCnotRequired=true)))", 0},
    {"8868",
     "Child(CINdetails(CINclosureDate=2023-08-01 Section47@3(S47ActualStartDate=2023-05-01 "
     "ICPCnotRequired=false)))",
     1, 3, "DateOfInitialCPC",
     "Child(CINdetails(CINclosureDate=2023-08-01 Section47@3(S47ActualStartDate=2023-05-01 "
     "ICPCnotRequired=true)))",
     0},
    /* 3 June 2023 is a Saturday. */
    {"8870Q", "Child(CINdetails(Section47(InitialCPCtarget=2023-06-03@4)))", 1, 4,
     "InitialCPCtarget", "Child(CINdetails(Section47(InitialCPCtarget=2023-06-05@4)))", 0},
    /* one completed assessment with factor 21 only, closed RC7: should be RC8 or RC9 */
    {"8873Q",
     "Child(CINdetails(ReasonForClosure=RC7@2 Assessments(AssessmentAuthorisationDate=2023-05-20 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
     1, 2, "ReasonForClosure",
     "Child(CINdetails(ReasonForClosure=RC8@2 Assessments(AssessmentAuthorisationDate=2023-05-20 "
     "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
     0},
    /* 4 June 2023 is a Sunday, 5 June a Monday. */
    {"8875", "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-04@4)))", 1, 4,
     "DateOfInitialCPC", "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-05@4)))", 0},
    {"8890",
     "Child(CINdetails(Section47(S47ActualStartDate=2023-05-01 DateOfInitialCPC=2023-06-01) "
     "Section47(S47ActualStartDate=2023-06-01@5)))",
     1, 5, "S47ActualStartDate",
     "Child(CINdetails(Section47(S47ActualStartDate=2023-05-01 DateOfInitialCPC=2023-06-01) "
     "Section47(S47ActualStartDate=2023-06-02@5)))",
     0},
    /* CIN plans */
    {"4001",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01) "
     "CINPlanDates@6(CINPlanStartDate=2023-05-02)))",
     1, 6, "CINPlanEndDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01) "
     "CINPlanDates@6(CINPlanStartDate=2023-04-02 CINPlanEndDate=2023-05-01)))",
     0},
    {"4003",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-08-01) "
     "ChildProtectionPlans(CPPstartDate=2023-04-01 CPPendDate=2023-09-01 "
     "Reviews(CPPreviewDate=2023-06-01@9))))",
     1, 9, "CPPreviewDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-08-01) "
     "ChildProtectionPlans(CPPstartDate=2023-04-01 CPPendDate=2023-09-01 "
     "Reviews(CPPreviewDate=2023-08-02@9))))",
     0},
    {"4004",
     "Child(CINdetails(CINPlanDates@3(CINPlanStartDate=2023-05-01) "
     "CINPlanDates@4(CINPlanStartDate=2023-06-01)))",
     2, 3, "CINPlanEndDate",
     "Child(CINdetails(CINPlanDates@3(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-05-31) "
     "CINPlanDates@4(CINPlanStartDate=2023-06-01)))",
     0},
    {"4008",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(CINPlanDates(CINPlanStartDate=2023-06-02@5)))",
     1, 5, "CINPlanStartDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(CINPlanDates(CINPlanStartDate=2023-06-01@5)))",
     0},
    {"4009",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-06-02@5)))",
     1, 5, "CINPlanEndDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-06-01@5)))",
     0},
    {"4010", "Child(CINdetails(CINPlanDates(CINPlanStartDate=2024-04-01@4)))", 1, 4,
     "CINPlanStartDate", "Child(CINdetails(CINPlanDates(CINPlanStartDate=2024-03-31@4)))", 0},
    {"4011",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-02 CINPlanEndDate=2023-05-01@4)))", 1,
     4, "CINPlanEndDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-05-02@4)))", 0},
    {"4012Q",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-05-01@4)))", 1,
     4, "CINPlanEndDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-05-02@4)))", 0},
    {"4013",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-01-01 CINPlanEndDate=2023-03-31@4)))", 1,
     4, "CINPlanEndDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-01-01 CINPlanEndDate=2023-04-01@4)))", 0},
    {"4014",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-07-01) "
     "CINPlanDates(CINPlanStartDate=2023-07-01@7 CINPlanEndDate=2023-08-01)))",
     1, 7, "CINPlanStartDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-07-01) "
     "CINPlanDates(CINPlanStartDate=2023-07-02@7 CINPlanEndDate=2023-08-01)))",
     0},
    {"4015",
     "Child(CINdetails(CINreferralDate=2023-06-01 CINPlanDates(CINPlanStartDate=2023-05-31@3)))", 1,
     3, "CINPlanStartDate",
     "Child(CINdetails(CINreferralDate=2023-06-01 CINPlanDates(CINPlanStartDate=2023-06-01@3)))",
     0},
    {"4016",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-07-01) "
     "CINPlanDates(CINPlanStartDate=2023-06-30@6)))",
     1, 6, "CINPlanStartDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-07-01) "
     "CINPlanDates(CINPlanStartDate=2023-07-01@6)))",
     0},
    {"4017",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01) "
     "ChildProtectionPlans(CPPstartDate=2024-03-31@6)))",
     1, 6, "CPPstartDate",
     "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-06-01) "
     "ChildProtectionPlans(CPPstartDate=2023-06-01@6)))",
     0},
    /* child protection plans */
    {"1105",
     "Child(CINdetails(CINreferralDate=2023-06-01 "
     "ChildProtectionPlans(CPPstartDate=2023-05-31@4)))",
     1, 4, "CPPstartDate",
     "Child(CINdetails(CINreferralDate=2023-06-01 "
     "ChildProtectionPlans(CPPstartDate=2023-06-01@4)))",
     0},
    {"2885",
     "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-01) "
     "ChildProtectionPlans(CPPstartDate=2023-06-02@8)))",
     1, 8, "CPPstartDate",
     "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-01) "
     "ChildProtectionPlans(CPPstartDate=2023-06-01@8)))",
     0},
    {"8720", "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2024-04-01@4)))", 1, 4,
     "CPPstartDate", "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2024-03-31@4)))", 0},
    {"8730", "Child(CINdetails(ChildProtectionPlans(NumberOfPreviousCPP=-1@4)))", 1, 4,
     "NumberOfPreviousCPP", "Child(CINdetails(ChildProtectionPlans(NumberOfPreviousCPP=0@4)))", 0},
    {"8840",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01 CPPendDate=2023-06-01@4)))", 1,
     4, "CPPendDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01 CPPendDate=2023-06-02@4)))", 0},
    {"8841",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01 "
     "Reviews(CPPreviewDate=2023-06-02 CPPreviewDate=2023-06-01@6))))",
     1, 6, "CPPreviewDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01 "
     "Reviews(CPPreviewDate=2023-06-02 CPPreviewDate=2023-06-03@6))))",
     0},
    {"8842Q",
     "Child(CINdetails(ChildProtectionPlans(Reviews(CPPreviewDate=2023-06-02 "
     "CPPreviewDate=2023-02-30@6))))",
     1, 6, "CPPreviewDate",
     "Child(CINdetails(ChildProtectionPlans(Reviews(CPPreviewDate=2023-06-02 "
     "CPPreviewDate=2023-06-03@6))))",
     0},
    {"8905", "Child(CINdetails(ChildProtectionPlans(InitialCategoryOfAbuse=ABC@4)))", 1, 4,
     "InitialCategoryOfAbuse",
     "Child(CINdetails(ChildProtectionPlans(InitialCategoryOfAbuse=MUL@4)))", 0},
    {"8910", "Child(CINdetails(ChildProtectionPlans@3(InitialCategoryOfAbuse=NEG)))", 1, 3,
     "LatestCategoryOfAbuse",
     "Child(CINdetails(ChildProtectionPlans@3(LatestCategoryOfAbuse=SAB)))", 0},
    {"8915",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-02@5)))",
     1, 5, "CPPstartDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01@5)))",
     0},
    {"8920",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-06-02@4)))",
     1, 4, "CPPendDate",
     "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
     "CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-06-01@4)))",
     0},
    {"8925",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-02 CPPendDate=2023-06-01@4)))", 1,
     4, "CPPendDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-06-01 CPPendDate=2023-06-02@4)))", 0},
    {"8930", "Child(CINdetails(ChildProtectionPlans(CPPendDate=2023-03-31@4)))", 1, 4, "CPPendDate",
     "Child(CINdetails(ChildProtectionPlans(CPPendDate=2023-04-01@4)))", 0},
    {"8935",
     "Child(CINdetails(ChildProtectionPlans@3(CPPstartDate=2023-05-01)) "
     "CINdetails(ChildProtectionPlans@5(CPPstartDate=2023-06-01)))",
     2, 3, "CPPendDate",
     "Child(CINdetails(ChildProtectionPlans@3(CPPstartDate=2023-05-01 CPPendDate=2023-05-30)) "
     "CINdetails(ChildProtectionPlans@5(CPPstartDate=2023-06-01)))",
     0},
    {"8940",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01) "
     "ChildProtectionPlans(CPPstartDate=2023-06-01@4 CPPendDate=2023-07-01)))",
     1, 4, "CPPstartDate",
     "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-05-31) "
     "ChildProtectionPlans(CPPstartDate=2023-06-01@4 CPPendDate=2023-07-01)))",
     0},
};

static void run_year(const char *id, const char *tree, int year, vt_result *r)
{
    int rc = vt_run_cin(vt_rule(id), NULL, tree, year, r);
    if (rc) fail_msg("rule %s returned %d", id, rc);
}

static void run_one(const char *id, const char *tree, vt_result *r)
{
    run_year(id, tree, 2024, r);
}

static void test_each_rule_fires_and_keeps_quiet(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const rule_case *c = &CASES[i];
        vt_result r;
        int year = c->year ? c->year : 2024;
        run_year(c->id, c->fires, year, &r);
        if (r.n != c->n)
            fail_msg("rule %s: %d findings on its firing tree, want %d", c->id, r.n, c->n);
        assert_string_equal(r.f[0].rule, c->id);
        if (r.f[0].line != c->line)
            fail_msg("rule %s: finding on line %ld, want %ld", c->id, r.f[0].line, c->line);
        if (strcmp(r.f[0].field, c->field) != 0)
            fail_msg("rule %s: finding on field %s, want %s", c->id, r.f[0].field, c->field);
        assert_string_equal(r.f[0].file, VT_FILE);
        assert_string_equal(r.f[0].message, vt_rule(c->id)->message);
        run_year(c->id, c->quiet, year, &r);
        if (r.n != 0)
            fail_msg("rule %s: %d findings on its quiet tree (line %ld)", c->id, r.n, r.f[0].line);
    }
}

/* Every registered rule has a fires/quiet case here or a test of its own below. */
static void test_every_rule_is_tested(void **state)
{
    (void)state;
    static const char *const own_tests[] = {"100",   "1520",  "8510", "2883",
                                            "2886Q", "2887Q", "2888Q"};
    for (size_t i = 0; i < sg_rules_cin_count; i++) {
        const char *id = sg_rules_cin[i].id;
        bool found = false;
        for (size_t j = 0; j < sizeof CASES / sizeof CASES[0] && !found; j++)
            found = strcmp(CASES[j].id, id) == 0;
        for (size_t j = 0; j < sizeof own_tests / sizeof own_tests[0] && !found; j++)
            found = strcmp(own_tests[j], id) == 0;
        if (!found) fail_msg("rule %s has no test", id);
    }
}

static void test_table_shape(void **state)
{
    (void)state;
    assert_int_equal(sg_rules_cin_count, 111);
    for (size_t i = 0; i < sg_rules_cin_count; i++) {
        const sg_rule *r = &sg_rules_cin[i];
        assert_non_null(r->id);
        assert_non_null(r->check);
        assert_int_equal(r->family, SG_FAMILY_CIN);
        assert_true(r->message && r->message[0]);
        assert_true(r->fields && r->fields[0]);
        /* the DfE marks its queries with a Q suffix; everything else here is an error */
        size_t n = strlen(r->id);
        assert_int_equal(r->severity, r->id[n - 1] == 'Q' ? SG_SEV_QUERY : SG_SEV_ERROR);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(sg_rules_cin[j].id, r->id);
        assert_ptr_equal(sg_rule_find(r->id), r);
    }
}

/* ---- rules with more than one path ------------------------------------------------------ */

static void test_variants(void **state)
{
    (void)state;
    vt_result r;
    /* missing values are findings too */
    run_one("4010", "Child(CINdetails(CINPlanDates@3(CINPlanEndDate=2023-05-01)))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 3);
    run_one("8600", "Child(CINdetails@2(ReferralNFA=false))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 2);
    run_one("8568", "Child(CINdetails@2(CINreferralDate=2023-05-01))", &r);
    assert_int_equal(r.n, 1);
    run_one("8720", "Child(CINdetails(ChildProtectionPlans@3(CPPendDate=2023-05-01)))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 3);
    run_one("8730", "Child(CINdetails(ChildProtectionPlans(NumberOfPreviousCPP=x@4)))", &r);
    assert_int_equal(r.n, 1);
    run_one("8866", "Child(CINdetails@2(CINreferralDate=2023-05-01))", &r);
    assert_int_equal(r.n, 1);
    /* before April 2013 the referral source was not collected */
    run_one("8866", "Child(CINdetails@2(CINreferralDate=2013-03-31))", &r);
    assert_int_equal(r.n, 0);
    /* from 2024-25 (collection 2025) Sex M/F/U; the old GenderCurrent codes are not Sex */
    run_year("4180", "Child(ChildIdentifiers(Sex=1@3))", 2025, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].value, "1");
    /* up to 2023-24 (collection 2024) GenderCurrent 0/1/2/9, with that year's message */
    run_one("4180", "Child(ChildIdentifiers(GenderCurrent=1))", &r);
    assert_int_equal(r.n, 0);
    run_one("4180", "Child(ChildIdentifiers@2(Sex=M))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 2);
    assert_string_equal(r.f[0].field, "GenderCurrent");
    assert_string_equal(r.f[0].message, "Gender is missing");
    run_one("4180", "Child(ChildIdentifiers(GenderCurrent=3@3))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 3);
    run_one("8750", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-05-01 GenderCurrent=0))",
            &r);
    assert_int_equal(r.n, 0);
    run_one("8750", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-05-01 GenderCurrent=1@3))",
            &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 3);
    assert_string_equal(r.f[0].field, "GenderCurrent");
    /* neither date of birth */
    run_one("8525", "Child(ChildIdentifiers@2(LAchildID=A1))", &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 2);
    /* the upper end of the expected birth range is 31 December after the reference date */
    run_one("8530Q", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-12-31))", &r);
    assert_int_equal(r.n, 0);
    run_one("8530Q", "Child(ChildIdentifiers(ExpectedPersonBirthDate=2025-01-01))", &r);
    assert_int_equal(r.n, 1);
    /* an invalid disability code, and unknown disabilities among valid ones */
    run_one("8540",
            "Child(ChildIdentifiers(PersonBirthDate=2015-01-01) "
            "ChildCharacteristics(Disabilities(Disability=HAND Disability=WXYZ@5)) "
            "CINdetails(ReferralNFA=false))",
            &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 5);
    assert_string_equal(r.f[0].value, "WXYZ");
    /* no further action anywhere: disability need not be recorded */
    run_one(
        "8540",
        "Child(ChildIdentifiers(PersonBirthDate=2015-01-01) ChildCharacteristics(Ethnicity=WBRI) "
        "CINdetails(ReferralNFA=true))",
        &r);
    assert_int_equal(r.n, 0);
    /* an invalid assessment factor on a completed assessment */
    run_one("8897",
            "Child(CINdetails(Assessments(AssessmentAuthorisationDate=2023-05-20 "
            "FactorsIdentifiedAtAssessment(AssessmentFactors=1A AssessmentFactors=99Z@6))))",
            &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 6);
    assert_string_equal(r.f[0].value, "99Z");
    /* completed before the period: factors are not required */
    run_one("8897", "Child(CINdetails(Assessments(AssessmentAuthorisationDate=2023-03-31)))", &r);
    assert_int_equal(r.n, 0);
    /* under school age: no UPN needed */
    run_one("8770Q",
            "Child(ChildIdentifiers(PersonBirthDate=2020-04-01) CINdetails(ReferralNFA=false))",
            &r);
    assert_int_equal(r.n, 0);
    run_one("8770Q",
            "Child(ChildIdentifiers(PersonBirthDate=2020-03-31) CINdetails(ReferralNFA=false))",
            &r);
    assert_int_equal(r.n, 1);
    /* closed before the 25th birthday */
    run_one("8775Q",
            "Child(ChildIdentifiers(PersonBirthDate=1998-01-01) "
            "CINdetails(CINclosureDate=2022-12-31))",
            &r);
    assert_int_equal(r.n, 0);
    /* an open episode with no further action does not make another overlap */
    run_one("8820",
            "Child(CINdetails(CINreferralDate=2023-05-01 ReferralNFA=true) "
            "CINdetails(CINreferralDate=2023-06-01 ReferralNFA=false))",
            &r);
    assert_int_equal(r.n, 0);
    run_one("8820",
            "Child(CINdetails(CINreferralDate=2023-05-01 ReferralNFA=false) "
            "CINdetails(CINreferralDate=2023-06-01@3 ReferralNFA=false))",
            &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 3);
    /* identical plans overlap each other */
    run_one("8940",
            "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-06-01) "
            "ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-06-01)))",
            &r);
    assert_int_equal(r.n, 2);
    /* the review that ends the plan may be held while a CIN plan is open */
    run_one("4003",
            "Child(CINdetails(CINPlanDates(CINPlanStartDate=2023-05-01) "
            "ChildProtectionPlans(CPPstartDate=2023-04-01 CPPendDate=2023-06-01 "
            "Reviews(CPPreviewDate=2023-06-01))))",
            &r);
    assert_int_equal(r.n, 0);
    /* 8565 reports each activity after the closure */
    run_one("8565",
            "Child(CINdetails(CINclosureDate=2023-06-01 DateOfInitialCPC=2023-06-02@3 "
            "Section47(S47ActualStartDate=2023-06-03@5) "
            "CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate=2023-06-04@7)))",
            &r);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.f[0].line, 3);
    assert_int_equal(r.f[1].line, 5);
    assert_int_equal(r.f[2].line, 7);
    assert_string_equal(r.f[2].field, "CINPlanEndDate");
    /* 8715 is about the section 47 module's conference, not the CIN details module's */
    run_one("8715", "Child(CINdetails(DateOfInitialCPC=2023-03-31@2))", &r);
    assert_int_equal(r.n, 0);
}

/* 2990 names both closures "after assessment": RC8 (no further action) and RC9 (referred to
 * early help). Each of the four kinds of activity trips it under each of the two codes; RC7 with
 * the same activity, and RC8/RC9 with only an assessment, do not. 8873Q: each way out of its
 * condition on its own (a second assessment, no authorisation, another factor with 21 absent, an
 * open episode, RC9) keeps it quiet; 8875: Saturday fires, Friday does not. 8920: no death date,
 * no end date. */
static void test_closure_and_conference_rules(void **state)
{
    (void)state;
    static const char *const activity[] = {
        "Section47@4(S47ActualStartDate=2023-05-02)",
        "ChildProtectionPlans@4(CPPstartDate=2023-05-02)",
        "DateOfInitialCPC=2023-05-02@4",
        "CINPlanDates@4(CINPlanStartDate=2023-05-02)",
    };
    static const char *const reasons[] = {"RC8", "RC9"};
    char tree[400];
    vt_result r;
    for (size_t i = 0; i < sizeof activity / sizeof activity[0]; i++) {
        for (size_t k = 0; k < 2; k++) {
            snprintf(tree, sizeof tree, "Child(CINdetails(ReasonForClosure=%s@3 %s))", reasons[k],
                     activity[i]);
            run_one("2990", tree, &r);
            assert_int_equal(r.n, 1);
            assert_int_equal(r.f[0].line, 3);
            assert_string_equal(r.f[0].field, "ReasonForClosure");
        }
        snprintf(tree, sizeof tree, "Child(CINdetails(ReasonForClosure=RC7@3 %s))", activity[i]);
        run_one("2990", tree, &r);
        assert_int_equal(r.n, 0);
    }
    run_one(
        "2990",
        "Child(CINdetails(ReasonForClosure=RC9 Assessments(AssessmentActualStartDate=2023-05-02)))",
        &r);
    assert_int_equal(r.n, 0);

    static const char *const quiet_8873[] = {
        /* two assessments on the episode */
        "Child(CINdetails(ReasonForClosure=RC7 Assessments(AssessmentAuthorisationDate=2023-05-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=21)) "
        "Assessments(AssessmentAuthorisationDate=2023-06-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
        /* not completed */
        "Child(CINdetails(ReasonForClosure=RC7 Assessments(AssessmentActualStartDate=2023-05-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
        /* factors found */
        "Child(CINdetails(ReasonForClosure=RC7 Assessments(AssessmentAuthorisationDate=2023-05-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=1A))))",
        /* still open */
        "Child(CINdetails(Assessments(AssessmentAuthorisationDate=2023-05-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
        /* RC9 is the other allowed closure */
        "Child(CINdetails(ReasonForClosure=RC9 Assessments(AssessmentAuthorisationDate=2023-05-20 "
        "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
    };
    for (size_t i = 0; i < sizeof quiet_8873 / sizeof quiet_8873[0]; i++) {
        run_one("8873Q", quiet_8873[i], &r);
        assert_int_equal(r.n, 0);
    }
    run_one("8873Q",
            "Child(CINdetails@2(ReasonForClosure=RC1 "
            "Assessments(AssessmentAuthorisationDate=2023-05-20 "
            "FactorsIdentifiedAtAssessment(AssessmentFactors=21))))",
            &r);
    assert_int_equal(r.n, 1);
    /* 3 June 2023 is a Saturday, 2 June a Friday */
    run_one("8875", "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-03@4)))", &r);
    assert_int_equal(r.n, 1);
    run_one("8875", "Child(CINdetails(Section47(DateOfInitialCPC=2023-06-02@4)))", &r);
    assert_int_equal(r.n, 0);
    /* the CINdetails module's conference date is not the rule's */
    run_one("8875", "Child(CINdetails(DateOfInitialCPC=2023-06-03@4))", &r);
    assert_int_equal(r.n, 0);
    run_one(
        "8920",
        "Child(CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate=2023-06-02)))",
        &r);
    assert_int_equal(r.n, 0);
    run_one("8920",
            "Child(ChildIdentifiers(PersonDeathDate=2023-06-01) "
            "CINdetails(ChildProtectionPlans(CPPstartDate=2023-05-01)))",
            &r);
    assert_int_equal(r.n, 0);
}

/* Rule 8565 makes eight date comparisons with the closure date, one per activity field. Each
 * gets a case of its own on both sides of the boundary: the day after the closure fires (on that
 * field, on its line), the closure day itself does not. A second child module of the same kind
 * keeps the tree otherwise valid. */
static void test_8565_each_comparison(void **state)
{
    (void)state;
    static const struct {
        const char *field, *pre, *post; /* the date under test goes between pre and post */
    } C[] = {
        {"DateOfInitialCPC", "Child(CINdetails(CINclosureDate=2023-06-01 DateOfInitialCPC", "@3))"},
        {"AssessmentActualStartDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 "
         "Assessments(AssessmentActualStartDate",
         "@4 AssessmentAuthorisationDate=2023-05-20)))"},
        {"AssessmentAuthorisationDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 "
         "Assessments(AssessmentActualStartDate=2023-05-01 AssessmentAuthorisationDate",
         "@4)))"},
        {"S47ActualStartDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 Section47(S47ActualStartDate", "@4)))"},
        {"DateOfInitialCPC",
         "Child(CINdetails(CINclosureDate=2023-06-01 "
         "Section47(S47ActualStartDate=2023-05-01 DateOfInitialCPC",
         "@4)))"},
        {"CPPendDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 "
         "ChildProtectionPlans(CPPstartDate=2023-05-01 CPPendDate",
         "@4)))"},
        {"CINPlanStartDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 CINPlanDates(CINPlanStartDate", "@4)))"},
        {"CINPlanEndDate",
         "Child(CINdetails(CINclosureDate=2023-06-01 "
         "CINPlanDates(CINPlanStartDate=2023-05-01 CINPlanEndDate",
         "@4)))"},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        char tree[320];
        vt_result r;
        /* 2 June: one day after the closure -> one finding on this field. */
        snprintf(tree, sizeof tree, "%s=%s%s", C[i].pre, "2023-06-02", C[i].post);
        run_one("8565", tree, &r);
        if (r.n != 1) fail_msg("8565 case %zu (%s): %d findings, want 1", i, C[i].field, r.n);
        assert_string_equal(r.f[0].field, C[i].field);
        assert_int_equal(r.f[0].line, i == 0 ? 3 : 4);
        /* 1 June: the closure day itself -> none. */
        snprintf(tree, sizeof tree, "%s=%s%s", C[i].pre, "2023-06-01", C[i].post);
        run_one("8565", tree, &r);
        if (r.n != 0)
            fail_msg("8565 case %zu (%s): %d findings on the closure day", i, C[i].field, r.n);
        /* 31 May: the day before -> none. */
        snprintf(tree, sizeof tree, "%s=%s%s", C[i].pre, "2023-05-31", C[i].post);
        run_one("8565", tree, &r);
        assert_int_equal(r.n, 0);
    }
    /* No closure date: nothing is after it. */
    vt_result r;
    run_one("8565", "Child(CINdetails(DateOfInitialCPC=2023-06-02))", &r);
    assert_int_equal(r.n, 0);
}

/* Check letters: the UPNs below are valid by the DfE's weighting (checked by hand). */
/* Rule 1530 against every three-digit code: the DfE's LA and pseudo-LA codes (2023-24 list,
 * typed here from the DfE's table, not from the rule's) pass, every other code fires, so both
 * ends of every range and the codes just outside them are checked. */
static void test_1530_every_la_code(void **state)
{
    (void)state;
    static const int dfe[][2] = {
        {1, 5},     {201, 213}, {301, 320}, {330, 336}, {340, 344}, {350, 359}, {370, 373},
        {380, 384}, {390, 394}, {420, 420}, {660, 681}, {701, 708}, {800, 803}, {805, 808},
        {810, 813}, {815, 816}, {820, 823}, {825, 826}, {830, 831}, {835, 841}, {845, 846},
        {850, 852}, {855, 857}, {860, 861}, {865, 896}, {908, 909}, {916, 916}, {919, 919},
        {921, 921}, {925, 926}, {928, 929}, {931, 931}, {933, 933}, {935, 938}, {940, 943}};
    int valid = 0;
    for (int v = 0; v <= 999; v++) {
        bool listed = false;
        for (size_t i = 0; i < sizeof dfe / sizeof dfe[0]; i++)
            listed = listed || (v >= dfe[i][0] && v <= dfe[i][1]);
        valid += listed;
        char tree[96];
        snprintf(tree, sizeof tree, "Child(ChildIdentifiers(UPN=A%03d000000000))", v);
        vt_result r;
        run_one("1530", tree, &r);
        if (r.n != (listed ? 0 : 1)) fail_msg("LA code %03d: %d findings", v, r.n);
    }
    assert_int_equal(valid, 195); /* the ranges' sizes added up by hand */
}

/* Rules that fire on any one of several things: each thing alone fires (so an '||' turned '&&'
 * shows), none keeps quiet; and 8606's 280 days and 1560Q's twelfth character, both sides. */
static void test_each_alternative_alone(void **state)
{
    (void)state;
    static const struct {
        const char *id, *tree;
        int n;
    } cases[] = {
        /* 2990: a closure for "case closed after assessment, no further action" (RC8) with any
         * later activity */
        {"2990", "Child(CINdetails(ReasonForClosure=RC8 Section47(S47ActualStartDate=2023-05-02)))",
         1},
        {"2990",
         "Child(CINdetails(ReasonForClosure=RC8 ChildProtectionPlans(CPPstartDate=2023-05-02)))",
         1},
        {"2990", "Child(CINdetails(ReasonForClosure=RC8 DateOfInitialCPC=2023-05-02))", 1},
        {"2990",
         "Child(CINdetails(ReasonForClosure=RC8 CINPlanDates(CINPlanStartDate=2023-05-02)))", 1},
        {"2990", "Child(CINdetails(ReasonForClosure=RC8 ReferralNFA=false))", 0},
        /* 8831: a referral marked NFA with any activity */
        {"8831", "Child(CINdetails(ReferralNFA=1 DateOfInitialCPC=2023-05-01))", 1},
        {"8831",
         "Child(CINdetails(ReferralNFA=1 Assessments(AssessmentActualStartDate=2023-05-01)))", 1},
        {"8831",
         "Child(CINdetails(ReferralNFA=1 Assessments(AssessmentAuthorisationDate=2023-05-01)))", 1},
        {"8831", "Child(CINdetails(ReferralNFA=1 Section47(S47ActualStartDate=2023-05-01)))", 1},
        {"8831", "Child(CINdetails(ReferralNFA=1 Section47(DateOfInitialCPC=2023-05-01)))", 1},
        {"8831", "Child(CINdetails(ReferralNFA=1 Assessments(AssessmentID=1) Section47(S47ID=1)))",
         0},
        /* 8606: a referral more than 280 days before the birth or the expected birth
         * (2024-01-10 - 280 days = 2023-04-05) */
        {"8606",
         "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-01-10) "
         "CINdetails(CINreferralDate=2023-04-04))",
         1},
        {"8606",
         "Child(ChildIdentifiers(ExpectedPersonBirthDate=2024-01-10) "
         "CINdetails(CINreferralDate=2023-04-05))",
         0},
        {"8606",
         "Child(ChildIdentifiers(PersonBirthDate=2024-01-10) "
         "CINdetails(CINreferralDate=2023-04-04))",
         1},
        {"8606",
         "Child(ChildIdentifiers(PersonBirthDate=2024-01-10) "
         "CINdetails(CINreferralDate=2023-04-05))",
         0},
        /* 1560Q: a letter, 11 digits, then a digit or a letter; the 12th character a letter */
        {"1560Q", "Child(ChildIdentifiers(FormerUPN=A1234567890BC))", 1},
        {"1560Q", "Child(ChildIdentifiers(FormerUPN=A12345678901C))", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vt_result r;
        run_one(cases[i].id, cases[i].tree, &r);
        if (r.n != cases[i].n)
            fail_msg("case %zu (rule %s): %d findings, expected %d", i, cases[i].id, r.n,
                     cases[i].n);
    }
}

static void test_upn_check_letter(void **state)
{
    (void)state;
    static const char *const valid[] = {"A950000178301", "H243278544154", "P201123456789"};
    for (size_t i = 0; i < 3; i++) {
        char tree[128];
        snprintf(tree, sizeof tree, "Child(ChildIdentifiers(UPN=%s))", valid[i]);
        vt_result r;
        run_one("1510", tree, &r);
        assert_int_equal(r.n, 0);
    }
    vt_result r;
    run_one("1510", "Child(ChildIdentifiers(UPN=R247962919251))", &r);
    assert_int_equal(r.n, 1);
    /* not computable (not all digits): left to 1540 */
    run_one("1510", "Child(ChildIdentifiers(UPN=ASFFAGSVSV123))", &r);
    assert_int_equal(r.n, 0);
}

/* Bank holidays in the working-day arithmetic: with the 2023 collection (reference date Friday
 * 31 March 2023, no holiday near), 15 working days back is 10 March 2023; with 2021 (reference
 * Wednesday 31 March 2021, Good Friday 2 April after it) it is 10 March 2021; with 2022
 * (Thursday 31 March 2022) 45 working days back crosses no holiday: 27 January 2022. */
static void test_working_days(void **state)
{
    (void)state;
    vt_result r;
    const char *c1 =
        "Child(CINdetails(Section47(S47ActualStartDate=2023-03-09 ICPCnotRequired=0)))";
    const char *c2 =
        "Child(CINdetails(Section47(S47ActualStartDate=2023-03-10 ICPCnotRequired=0)))";
    assert_int_equal(vt_run_cin(vt_rule("8675Q"), NULL, c1, 2023, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(vt_run_cin(vt_rule("8675Q"), NULL, c2, 2023, &r), SG_OK);
    assert_int_equal(r.n, 0);
    const char *a1 = "Child(CINdetails(Assessments(AssessmentActualStartDate=2022-01-26)))";
    const char *a2 = "Child(CINdetails(Assessments(AssessmentActualStartDate=2022-01-27)))";
    assert_int_equal(vt_run_cin(vt_rule("8670Q"), NULL, a1, 2022, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(vt_run_cin(vt_rule("8670Q"), NULL, a2, 2022, &r), SG_OK);
    assert_int_equal(r.n, 0);
    /* collection 2026: start Wednesday 1 April 2025, one working day before is 31 March */
    const char *n1 = "Child(CINdetails(CINreferralDate=2025-03-30 ReferralNFA=1))";
    const char *n2 = "Child(CINdetails(CINreferralDate=2025-03-31 ReferralNFA=1))";
    assert_int_equal(vt_run_cin(vt_rule("8569"), NULL, n1, 2026, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(vt_run_cin(vt_rule("8569"), NULL, n2, 2026, &r), SG_OK);
    assert_int_equal(r.n, 0);
    /* collection 2025: start Monday 1 April 2024 is Easter Monday; the working day before
     * 1 April is Thursday 28 March (Good Friday 29 March) */
    const char *e1 = "Child(CINdetails(CINreferralDate=2024-03-27 ReferralNFA=1))";
    const char *e2 = "Child(CINdetails(CINreferralDate=2024-03-28 ReferralNFA=1))";
    assert_int_equal(vt_run_cin(vt_rule("8569"), NULL, e1, 2025, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(vt_run_cin(vt_rule("8569"), NULL, e2, 2025, &r), SG_OK);
    assert_int_equal(r.n, 0);
}

/* ---- return-level rules ---------------------------------------------------------------- */

static void test_header_100(void **state)
{
    (void)state;
    vt_result r;
    const char *child = "Child(ChildIdentifiers(LAchildID=A1))";
    assert_int_equal(vt_run_cin(vt_rule("100"),
                                "Header(CollectionDetails(Collection=CIN Year=2024 "
                                "ReferenceDate=2024-03-30@5))",
                                child, 2024, &r),
                     SG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].rule, "100");
    assert_int_equal(r.f[0].line, 5);
    assert_string_equal(r.f[0].field, "ReferenceDate");
    assert_string_equal(r.f[0].value, "2024-03-30");
    assert_int_equal(
        vt_run_cin(vt_rule("100"), "Header@1(CollectionDetails@2(Year=2024))", child, 2024, &r),
        SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 2);
    assert_int_equal(vt_run_cin(vt_rule("100"),
                                "Header(CollectionDetails(ReferenceDate=2024-03-31))", child, 2024,
                                &r),
                     SG_OK);
    assert_int_equal(r.n, 0);
    /* checked once per return, not once per child */
    const char *kids[] = {child, child, child};
    assert_int_equal(vt_run_many(vt_rule("100"),
                                 "Header(CollectionDetails(ReferenceDate=2023-03-31))", kids, NULL,
                                 3, 2024, &r),
                     SG_OK);
    assert_int_equal(r.n, 1);
}

static void test_duplicates(void **state)
{
    (void)state;
    vt_result r;
    const char *kids[] = {"Child(ChildIdentifiers(LAchildID=A1 UPN=P201123456789))",
                          "Child(ChildIdentifiers(LAchildID=A2 UPN=A201123456789))",
                          "Child(ChildIdentifiers(LAchildID=A1@7 UPN=P201123456789@8))"};
    assert_int_equal(vt_run_many(vt_rule("8510"), NULL, kids, NULL, 3, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].child, "child3");
    assert_int_equal(r.f[0].line, 7);
    assert_string_equal(r.f[0].field, "LAchildID");
    assert_int_equal(r.f[0].has_value, 0); /* never a raw identifier in a finding */
    assert_int_equal(vt_run_many(vt_rule("1520"), NULL, kids, NULL, 3, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 8);
    assert_int_equal(r.f[0].has_value, 0);
    assert_int_equal(vt_run_many(vt_rule("8510"), NULL, kids, NULL, 2, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);
    /* many children: the set grows */
    enum { N = 300 };
    static char buf[N][64];
    const char *many[N];
    for (int i = 0; i < N; i++) {
        snprintf(buf[i], sizeof buf[i], "Child(ChildIdentifiers(LAchildID=C%d))", i % 250);
        many[i] = buf[i];
    }
    assert_int_equal(vt_run_many(vt_rule("8510"), NULL, many, NULL, N, 2024, &r), SG_OK);
    assert_int_equal(r.n, 50);
}

static void test_la_level(void **state)
{
    (void)state;
    vt_result r;
    /* 2883: two plans start in the period, one conference is held in it */
    const char *cpp[] = {"Child(CINdetails(Section47(DateOfInitialCPC=2023-06-01) "
                         "ChildProtectionPlans(CPPstartDate=2023-06-01)))",
                         "Child(CINdetails(DateOfInitialCPC=2023-03-01 "
                         "ChildProtectionPlans(CPPstartDate=2023-07-01) "
                         "ChildProtectionPlans(CPPstartDate=2023-03-01)))"};
    assert_int_equal(vt_run_many(vt_rule("2883"), NULL, cpp, NULL, 2, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.f[0].line, 0);
    assert_string_equal(r.f[0].child, "");
    assert_string_equal(r.f[0].field, "CPPstartDate");
    assert_non_null(strstr(r.f[0].message, "(2 plans starting, 1 initial conferences)"));
    assert_int_equal(vt_run_many(vt_rule("2883"), NULL, cpp, NULL, 1, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);

    /* 2886Q: 1 of 50 children with no sex recorded is 2% (allowed), 2 of 51 is not; unborn
     * children do not count */
    enum { N = 51 };
    const char *kids[N];
    for (int i = 0; i < N; i++)
        kids[i] = "Child(ChildIdentifiers(Sex=F))";
    kids[0] = "Child(ChildIdentifiers(Sex=U))";
    kids[1] = "Child(ChildIdentifiers(Sex=U ExpectedPersonBirthDate=2024-05-01))";
    assert_int_equal(vt_run_many(vt_rule("2886Q"), NULL, kids, NULL, 50, 2025, &r), SG_OK);
    assert_int_equal(r.n, 0);
    kids[50] = "Child(ChildIdentifiers(LAchildID=A1))";
    assert_int_equal(vt_run_many(vt_rule("2886Q"), NULL, kids, NULL, N, 2025, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.f[0].message, "(2 of 51 children)"));
    /* before 2024-25: GenderCurrent 0 or missing */
    const char *old[] = {"Child(ChildIdentifiers(GenderCurrent=0))",
                         "Child(ChildIdentifiers(GenderCurrent=2))"};
    assert_int_equal(vt_run_many(vt_rule("2886Q"), NULL, old, NULL, 2, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.f[0].message, "(1 of 2 children)"));
    assert_int_equal(vt_run_many(vt_rule("2886Q"), NULL, old + 1, NULL, 1, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);

    /* 2887Q: 8 different codes (NONE not counted) pass, 7 do not */
    const char *dis[] = {
        "Child(ChildCharacteristics(Disabilities(Disability=MOB Disability=HAND Disability=PC)))",
        "Child(ChildCharacteristics(Disabilities(Disability=INC Disability=COMM Disability=MOB)))",
        "Child(ChildCharacteristics(Disabilities(Disability=NONE)))",
        "Child(ChildCharacteristics(Disabilities(Disability=LD Disability=HEAR)))",
        "Child(ChildCharacteristics(Disabilities(Disability=VIS)))"};
    assert_int_equal(vt_run_many(vt_rule("2887Q"), NULL, dis, NULL, 5, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(vt_run_many(vt_rule("2887Q"), NULL, dis, NULL, 4, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.f[0].message, "(7 codes used)"));

    /* 2888Q: some child with two or more codes other than NONE */
    assert_int_equal(vt_run_many(vt_rule("2888Q"), NULL, dis, NULL, 5, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(vt_run_many(vt_rule("2888Q"), NULL, dis + 4, NULL, 1, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].field, "Disability");
}

/* ---- the sample census files ------------------------------------------------------------- */

typedef struct found {
    char line[160];
} found;

typedef struct found_list {
    int n;
    found f[128];
} found_list;

static int collect_line(void *ud, const sg_finding *f)
{
    found_list *l = ud;
    if (l->n < 128)
        snprintf(l->f[l->n].line, sizeof l->f[l->n].line, "%s %ld %s %s %s", f->rule, f->line,
                 f->child, f->field, f->value ? f->value : "-");
    l->n++;
    return 0;
}

typedef struct fixture_run {
    sg_vrun *run;
    int children;
} fixture_run;

/* Each <Child> the census parser reads is validated at once, as the engine does. */
static int on_child(void *ud, const sg_vnode *header, const sg_vnode *child, sg_error *err)
{
    fixture_run *fr = ud;
    char id[24];
    snprintf(id, sizeof id, "child%d", ++fr->children);
    return sg_vrun_child(fr->run, header, child, NULL, id, err);
}

/* Runs every CIN rule over a fixture file read by the importer's own parser (sg_cin_parse).
 * The collection year is that of the header's reference date (the fixtures' <Year> elements
 * disagree with their reference dates). */
static void run_fixture(const char *rel, int year, found_list *out)
{
    const char *shared = getenv("SG_TESTS_DIR");
    if (!shared) shared = SG_SOURCE_DIR "/tests";
    char path[1024];
    snprintf(path, sizeof path, "%s/fixtures/%s", shared, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    memset(out, 0, sizeof *out);
    sg_vcollection coll;
    sg_vcollection_for_year(&coll, year);
    fixture_run fr = {.run = sg_vrun_new(sg_rules_cin, sg_rules_cin_count, &coll, rel, NULL, 0,
                                         collect_line, out)};
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_cin_parse(fp, rel, on_child, &fr, &err);
    fclose(fp);
    if (rc) fail_msg("%s: %s", rel, err.msg);
    assert_int_equal(sg_vrun_finish(fr.run, &err), SG_OK);
    sg_vrun_free(fr.run);
}

static void expect_findings(const char *rel, int year, const char *const *want, int nwant)
{
    found_list got;
    run_fixture(rel, year, &got);
    int bad = got.n != nwant;
    for (int i = 0; i < got.n && i < nwant && !bad; i++)
        bad = strcmp(got.f[i].line, want[i]) != 0;
    if (bad) {
        for (int i = 0; i < got.n && i < 128; i++)
            print_message("  got  \"%s\",\n", got.f[i].line);
        fail_msg("%s: %d findings, want %d (or they differ; listed above)", rel, got.n, nwant);
    }
}

static void test_fixture_cin2rows(void **state)
{
    (void)state;
    static const char *const want[] = {
        "1104 51 child1 DateOfInitialCPC 2022-06-17",
        "1105 56 child1 CPPstartDate 2022-02-17",
        "1105 66 child1 CPPstartDate 2022-02-17",
        "1510 21 child1 UPN -",
        "1530 21 child1 UPN -",
        "2889 49 child1 S47ActualStartDate 2022-06-02",
        "4013 46 child1 CINPlanEndDate 2023-01-26",
        "4016 45 child1 CINPlanStartDate 2023-01-24",
        "8565 57 child1 CPPendDate 2023-03-14",
        "8565 67 child1 CPPendDate 2023-03-14",
        "8620 38 child1 CINclosureDate 2023-02-27",
        "8670Q 42 child1 AssessmentActualStartDate 2023-01-24",
        "8715 51 child1 DateOfInitialCPC 2022-06-17",
        "8736 42 child1 AssessmentActualStartDate 2023-01-24",
        "8867 41 child1 AssessmentAuthorisationDate -",
        "8930 57 child1 CPPendDate 2023-03-14",
        "8930 67 child1 CPPendDate 2023-03-14",
        "8940 56 child1 CPPstartDate 2022-02-17",
        "8940 66 child1 CPPstartDate 2022-02-17",
        "2887Q 0  Disability -",
    };
    expect_findings("csc-validator-be-cin/CIN2rows.xml", 2024, want,
                    (int)(sizeof want / sizeof want[0]));
}

static void test_fixture_cin_2024(void **state)
{
    (void)state;
    static const char *const want[] = {
        "1104 57 child1 DateOfInitialCPC 2022-06-17",
        "1105 62 child1 CPPstartDate 2022-02-17",
        "1510 21 child1 UPN -",
        "1530 21 child1 UPN -",
        "2889 55 child1 S47ActualStartDate 2022-06-02",
        "4013 52 child1 CINPlanEndDate 2023-01-26",
        "4016 51 child1 CINPlanStartDate 2023-01-24",
        "4180 19 child1 GenderCurrent -",
        "8565 42 child1 AssessmentActualStartDate 2028-04-28",
        "8565 63 child1 CPPendDate 2023-03-14",
        "8608 43 child1 AssessmentAuthorisationDate 2020-09-19",
        "8620 38 child1 CINclosureDate 2023-02-27",
        "8696 43 child1 AssessmentAuthorisationDate 2020-09-19",
        "8715 57 child1 DateOfInitialCPC 2022-06-17",
        "8930 63 child1 CPPendDate 2023-03-14",
        "1103 93 child2 AssessmentActualStartDate 2023-12-25",
        "1570 75 child2 LAchildID -",
        "1580 75 child2 LAchildID -",
        "4180 74 child2 GenderCurrent -",
        "8600 87 child2 CINreferralDate 2024-10-24",
        "8620 90 child2 CINclosureDate 2024-10-29",
        "8897 95 child2 AssessmentFactors -",
        "2886Q 0  GenderCurrent -",
        "2887Q 0  Disability -",
    };
    expect_findings("csc-validator-be-cin/CIN_Census_2024.xml", 2024, want,
                    (int)(sizeof want / sizeof want[0]));
}

static void test_fixture_cin_2026(void **state)
{
    (void)state;
    static const char *const want[] = {
        "1104 57 child1 DateOfInitialCPC 2022-06-17",
        "1105 62 child1 CPPstartDate 2022-02-17",
        "1510 21 child1 UPN -",
        "1530 21 child1 UPN -",
        "2889 55 child1 S47ActualStartDate 2022-06-02",
        "4013 52 child1 CINPlanEndDate 2023-01-26",
        "4016 51 child1 CINPlanStartDate 2023-01-24",
        "4180 19 child1 GenderCurrent -",
        "8565 42 child1 AssessmentActualStartDate 2028-04-28",
        "8565 63 child1 CPPendDate 2023-03-14",
        "8608 43 child1 AssessmentAuthorisationDate 2020-09-19",
        "8620 38 child1 CINclosureDate 2023-02-27",
        "8696 43 child1 AssessmentAuthorisationDate 2020-09-19",
        "8715 57 child1 DateOfInitialCPC 2022-06-17",
        "8930 63 child1 CPPendDate 2023-03-14",
        "1103 105 child2 AssessmentActualStartDate 2023-12-25",
        "1570 87 child2 LAchildID -",
        "1580 87 child2 LAchildID -",
        "4180 86 child2 GenderCurrent -",
        "8600 99 child2 CINreferralDate 2024-10-24",
        "8620 102 child2 CINclosureDate 2024-10-29",
        "8897 107 child2 AssessmentFactors -",
        "2886Q 0  GenderCurrent -",
        "2887Q 0  Disability -",
    };
    expect_findings("csc-validator-be-cin/CIN_Census_2026.xml", 2024, want,
                    (int)(sizeof want / sizeof want[0]));
}

static void test_fixture_liia_2022(void **state)
{
    (void)state;
    static const char *const want[] = {
        "1103 44 child1 AssessmentActualStartDate 1970-06-03",
        "1104 59 child1 DateOfInitialCPC 1970-06-17",
        "1105 64 child1 CPPstartDate 1970-02-17",
        "1510 21 child1 UPN -",
        "1530 21 child1 UPN -",
        "2889 57 child1 S47ActualStartDate 1970-06-02",
        "4013 54 child1 CINPlanEndDate 1971-01-26",
        "4016 53 child1 CINPlanStartDate 1971-01-24",
        "8525 24 child1 PersonBirthDate -",
        "8530Q 25 child1 ExpectedPersonBirthDate -",
        "8545Q 27 child1 PersonDeathDate -",
        "8565 46 child1 AssessmentAuthorisationDate 1971-07-18",
        "8565 65 child1 CPPendDate 1971-03-14",
        "8620 40 child1 CINclosureDate 1971-02-27",
        "8696 46 child1 AssessmentAuthorisationDate 1971-07-18",
        "8715 59 child1 DateOfInitialCPC 1970-06-17",
        "8930 65 child1 CPPendDate 1971-03-14",
        "2887Q 0  Disability -",
    };
    expect_findings("liia-tools/cin-2022.xml", 2022, want, (int)(sizeof want / sizeof want[0]));
}

/* docs/rules_cin.md lists every implemented rule in its table, and nothing else there. */
static void test_docs_list_every_rule(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    if (!src) src = "..";
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/rules_cin.md", src);
    FILE *fp = fopen(path, "r");
    if (!fp) fail_msg("cannot open %s", path);
    char line[2048];
    size_t rows = 0;
    bool in_table = false;
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "## Rules implemented", 20) == 0)
            in_table = true;
        else if (strncmp(line, "## ", 3) == 0)
            in_table = false;
        if (!in_table || strncmp(line, "| ", 2) != 0 || strncmp(line, "| id", 4) == 0) continue;
        char id[16] = "";
        sscanf(line, "| %15s |", id);
        const sg_rule *r = sg_rule_find(id);
        if (!r || r->family != SG_FAMILY_CIN)
            fail_msg("docs list rule %s, which is not registered", id);
        if (!strstr(line, r->severity == SG_SEV_QUERY ? "| query |" : "| error |"))
            fail_msg("docs give rule %s another severity", id);
        rows++;
    }
    fclose(fp);
    assert_int_equal(rows, sg_rules_cin_count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_shape),
        cmocka_unit_test(test_every_rule_is_tested),
        cmocka_unit_test(test_docs_list_every_rule),
        cmocka_unit_test(test_each_rule_fires_and_keeps_quiet),
        cmocka_unit_test(test_variants),
        cmocka_unit_test(test_8565_each_comparison),
        cmocka_unit_test(test_closure_and_conference_rules),
        cmocka_unit_test(test_upn_check_letter),
        cmocka_unit_test(test_1530_every_la_code),
        cmocka_unit_test(test_each_alternative_alone),
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_header_100),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_la_level),
        cmocka_unit_test(test_fixture_cin2rows),
        cmocka_unit_test(test_fixture_cin_2024),
        cmocka_unit_test(test_fixture_cin_2026),
        cmocka_unit_test(test_fixture_liia_2022),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}
