"""MARCXML for the import tests, written the way the UN Digital Library exports a resolution (of=xm).

TEST DATA: symbols in the 99th session and record numbers from 9000001 are made up, so no test states a fact
about a real resolution.
"""

from xml.sax.saxutils import escape

NS = "http://www.loc.gov/MARC21/slim"


def datafield(tag, **subfields):
    inner = "".join(f'<subfield code="{code}">{escape(str(value))}</subfield>' for code, value in subfields.items())
    return f'<datafield tag="{tag}" ind1=" " ind2=" ">{inner}</datafield>'


def record(
    symbol="A/RES/99/1", title="Test resolution on cooperation :", date="20991120", record_id="9000001",
    note="Adopted without vote, 40th plenary meeting", draft="A/99/L.1", agenda=None, extra="", omit=(),
):
    fields = []
    if record_id and "001" not in omit:
        fields.append(f'<controlfield tag="001">{record_id}</controlfield>')
    if "191" not in omit:
        fields.append(datafield("191", a=symbol, b=symbol.split("/")[0] + "/"))
    if "245" not in omit:
        fields.append(datafield("245", a=title, b="resolution / adopted by the General Assembly"))
    if "992" not in omit:
        fields.append(datafield("992", a=date))
    if agenda:
        fields.append(datafield("991", a="A/99/251", **agenda))
    if draft:
        fields.append(datafield("993", a=draft))
    if note:
        fields.append(datafield("996", a=note))
    return f"<record><leader>00000nam a2200000 a 4500</leader>{''.join(fields)}{extra}</record>"


def collection(*records):
    return f'<?xml version="1.0" encoding="UTF-8"?><collection xmlns="{NS}">{"".join(records)}</collection>'.encode()


def search_answer(*records):
    """The search API's answer (api/v1/search?format=xml): a total, a search id, and the MARCXML collection."""
    body = "".join(records)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><response><total>{len(records)}</total>'
        f'<search_id>test-search</search_id><collection xmlns="{NS}">{body}</collection></response>'
    ).encode()
