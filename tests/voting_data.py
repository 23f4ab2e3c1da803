"""Made-up voting data in the Library's CSV format, for the tests only."""

# TEST DATA, made up: a recorded vote on a resolution that does not exist (A/RES/99/5), by three ASEAN members
# and three invented states with user-assigned codes (QMA...). Nothing here is a real country's vote.
VOTING_HEADER = (
    "undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,title,agenda_title,"
    "subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,total_ms,undl_link"
)
TEST_VOTES = [
    ("VNM", "VIET NAM", "Y"),
    ("SGP", "SINGAPORE", "A"),
    ("TLS", "TIMOR-LESTE", "N"),
    ("QMA", "ALPHA REPUBLIC", "Y"),
    ("QMB", "KINGDOM OF BETA", "N"),
    ("QMC", "GAMMA (STATE OF)", "X"),
]


def voting_csv(rows=TEST_VOTES, symbol="A/RES/99/5", totals=(2, 2, 1, 1), date="2024-12-01"):
    lines = [VOTING_HEADER]
    for code, name, vote in rows:
        yes, no, abstain, non_voting = totals
        lines.append(
            f"9000005,{code},{name},{vote},{date},99,{symbol},A/99/L.5,,A/99/PV.50,Test resolution,,,,"
            f"{yes},{no},{abstain},{non_voting},{len(rows)},https://digitallibrary.un.org/record/9000005"
        )
    return ("\n".join(lines) + "\n").encode()
