"""A labelled set of Swedish activity sentences for the personal-data guard, and its scoring.

Each sentence is written the way a coordinator at the police or the municipality writes an
activity summary, a place, a tag or a link; each is labelled with the kinds of personal data it
holds ("" for none). About half hold personal data in the forms people really use; the other
half are clean, but full of what the guard must not take for personal data: times and time
ranges, diary and case numbers, dates, sums, years, postcodes, abbreviations followed by a
number, room numbers, bus lines, counts, public service numbers and links.

The personal identity numbers are made up, with real dates and valid check digits; the phone
numbers, e-mail addresses and registration numbers are made up too.

Used by tests/test_privacy_corpus.py (which asserts the scores) and
benchmarks/privacy_scores.py (which prints them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = ("personal-identity-number", "email", "phone", "registration-number")
_SHORT = {"pnr": "personal-identity-number", "email": "email", "phone": "phone",
          "plate": "registration-number"}


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    kinds: frozenset[str]


def _samples(rows: Iterable[tuple[str, str]]) -> tuple[Sample, ...]:
    return tuple(Sample(text, frozenset(_SHORT[k] for k in labels.split())) for text, labels
                 in rows)


WITH_PERSONAL_DATA = _samples([
    # personal identity and coordination numbers
    ("Samtal med ungdom (060314-3314) tillsammans med socialtjänsten.", "pnr"),
    ("Orosanmälan upprättad gällande pojke född 070921–9703.", "pnr"),
    ("Omhändertagande enligt LVU, pnr 081130-1548, placerad på HVB.", "pnr"),
    ("Flicka 0905174041 hämtades av förälder efter kontrollen.", "pnr"),
    ("Förare 19850623-0740 rapporterades för hastighetsöverträdelse.", "pnr"),
    ("Personnummer 990101 0497 noterat vid kontrollen.", "pnr"),
    ("Ungdomen, 0502286669, fick följa med till stationen.", "pnr"),
    ("Vårdnadshavare 198802293749 kontaktades per telefon.", "pnr"),
    ("Samordningsnummer 070981-0386 registrerat vid förhöret.", "pnr"),
    ("Mannen (19760412 - 5968) lagfördes för ringa narkotikabrott.", "pnr"),
    ("Beslag av mindre mängd cannabis hos 930707−0590.", "pnr"),
    ("SSPF-ärende öppnat för 041231—5194 efter skolans anmälan.", "pnr"),
    ("Elev 120405-8406 på Dejeskolan uppmärksammad för hög frånvaro.", "pnr"),
    ("P-nr: 030811-5484. Samtal med vårdnadshavare bokat.", "pnr"),
    ("Kontroll av två personer: 101010-0962 och 010203-2190.", "pnr"),
    ("Underrättelse om 200101-9310 skickad till åklagaren.", "pnr"),
    ("Personen, 121212+1212, hittades välbehållen i Ullerud.", "pnr"),
    ("Ungdom med samordningsnr 051263 0880 hänvisades till mottagningen.", "pnr"),
    ("Förhör hölls med 19990171–4445 på stationen i Karlstad.", "pnr"),
    ("Pnr 8112189876 – ärendet följs upp på måndag.", "pnr"),
    ("Föräldern (pnr 811218 - 9876) kontaktades av socialtjänsten.", "pnr"),
    ("Omhändertagen: 20060314-3314, överlämnad till socialjouren kl 02.15.", "pnr"),
    # e-mail addresses, plain and obfuscated
    ("Anmälan till föreläsningen via anna.svensson@forshaga.se senast 12/3.", "email"),
    ("Frågor om nattvandringen: erik.lind[at]forshaga.se", "email"),
    ("Skicka tips till faltgruppen (at) forshaga.se, vi svarar inom 24 timmar.", "email"),
    ("Kontaktperson Maria Olsson, maria.olsson at forshaga dot se.", "email"),
    ("Intresseanmälan: lisa.berg snabel-a dejeskolan punkt se", "email"),
    ("Bilder från kvällen kan mejlas till Johan.Ek@Polisen.se.", "email"),
    ("Kontakta fritidsgården på tegelbruket@forshaga.se eller kom förbi.", "email"),
    ("Uppföljning per e-post med kurator (nils_ek76@hotmail.com).", "email"),
    ("Rektor sara.n@edu.forshaga.se bjöd in till föräldramöte kl 18.30.", "email"),
    ("Synpunkter till per.andersson[at]polisen[dot]se", "email"),
    ("Mejl till kalle.karlsson(at)gmail(dot)com om skadegörelsen.", "email"),
    ("E-post: info@dejeif.se – föreningen vill vara med och nattvandra.", "email"),
    ("Kontakt: lena.h {at} karlstad.se", "email"),
    ("Mejla fältsekreteraren: ahmed.hassan @ forshaga.se", "email"),
    ("Listan skickades till ANNA.SVENSSON@FORSHAGA.SE i fredags.", "email"),
    ("mailto:kurator.ullerud@forshaga.se", "email"),
    ("Svar till linnea.nord snabel-a gmail punkt com senast fredag.", "email"),
    ("Anmälan: ungdom.deje [at] forshaga [punkt] se", "email"),
    # phone numbers
    ("Ring 08-123 456 78 om ni ser något misstänkt.", "phone"),
    ("Frågor till fältgruppen: 070 - 123 45 67 (Anna).", "phone"),
    ("Fältassistenten nås på 070.123.45.67 dagtid.", "phone"),
    ("Kontaktpolisen nås på 073-987 65 43.", "phone"),
    ("Tips om langning kan lämnas på 054-540 12 34.", "phone"),
    ("Rektor Eva nås direkt på 0709123456.", "phone"),
    ("Anmälan till kvällen via sms till 076–555 12 34.", "phone"),
    ("Ring gärna +46 (0)54 540 10 00 och fråga efter Lena.", "phone"),
    ("Föräldrar som vill veta mer kan ringa 0046 70 123 45 67.", "phone"),
    ("Nattvandrarna samordnas av Per, mobil 070/123 45 67.", "phone"),
    ("Växeln 054 - 17 20 00 kopplar vidare till socialjouren.", "phone"),
    ("Deje IF:s kansli, tel 0552-123 45, lånade ut lokalen.", "phone"),
    ("Mammans nummer 073 123 45 67 noterades i rapporten.", "phone"),
    ("Hemvärnet kontaktas via 0730 - 12 34 56.", "phone"),
    ("Utbildningen bokas på (054) 540 10 00.", "phone"),
    ("Ring 031-12 34 56 för samordnaren i Göteborg.", "phone"),
    ("SMS:a +46701234567 för att anmäla dig.", "phone"),
    ("Kontaktperson: Ali, tel. +46 70-123 45 67.", "phone"),
    ("Socialjouren nås på 08/123 456 78 efter kl 17.", "phone"),
    ("Bjud in via 0046-70-1234567.", "phone"),
    ("Kontakt Lisa 070-1234567, Kim 072-345 67 89.", "phone"),
    ("Ring 08 – 123 45 67 om du vill vara med.", "phone"),
    ("Mobilnr 072 345 6789 till ansvarig ledare.", "phone"),
    ("Kontakta fältgruppen på tel:+46703456789", "phone"),
    ("Rektorns mobil: 0706-12 34 56 (efter kl 16).", "phone"),
    ("+46 8 123 456 78 till kontaktpersonen på Länsstyrelsen.", "phone"),
    ("Kontakt 0563-123 45 (Hagfors).", "phone"),
    ("Tel. 054–14 56 78, fråga efter fältassistenten.", "phone"),
    ("Ring +46 (0) 70 - 987 65 43 vid akuta ärenden.", "phone"),
    ("Fältgruppen: 070 – 765 43 21, alla kvällar 18–22.", "phone"),
    # vehicle registration numbers
    ("ABC-123 stod felparkerad vid skolan under hela dagen.", "plate"),
    ("Moped med reg nr abc 123 stoppades på Storgatan.", "plate"),
    ("Mopedbil med registreringsnummer ABC12A kontrollerades.", "plate"),
    ("En röd Volvo (KLM 456) stoppades vid infarten till Deje.", "plate"),
    ("A-traktor XYZ 78B rapporterades för otillåten ändring.", "plate"),
    ("Fordonet GHT987 togs i beslag.", "plate"),
    ("reg.nr: mlb 55c, föraren saknade körkort", "plate"),
    ("Bil DKR-08F sågs köra runt skolan flera kvällar i rad.", "plate"),
    ("Tips om en vit Saab, reg FNT 993, som kört vårdslöst.", "plate"),
    ("Två bilar, ABC 123 och DEF 456, kontrollerades.", "plate"),
    ("Felparkerad skåpbil reg. hjk-472 anmäld till kommunen.", "plate"),
    ("Mopeden, WPU 12X, var trimmad.", "plate"),
    ("Registreringsnummer: NRP 123.", "plate"),
    ("Volvo V70 med reg NRP-123 var obesiktigad.", "plate"),
    ("Ägaren till BNM 24Y kontaktades om nedskräpningen.", "plate"),
    ("EPA-traktorn JKL 33A hade för hög hastighet.", "plate"),
    ("Tips om bil med skylten TTR 045 utanför fritidsgården.", "plate"),
    ("Lastbilen (reg. Ceh 552) stod på gång- och cykelvägen.", "plate"),
    # more ways of writing them
    ("Ring mig på 070-12 34 567 så bokar vi en tid.", "phone"),
    ("Mobil 0701-23 45 67, fältsekreterare Ahmed.", "phone"),
    ("Kontakt: +46-70-123 45 67 (dygnet runt).", "phone"),
    ("Frågor till 0046 (0)54-540 10 00.", "phone"),
    ("Ring 070\u2011123 45 67 efter kl 16.", "phone"),
    ("Numret är 070 12 345 67.", "phone"),
    ("Gamla numret 08-12 34 56 gäller inte längre.", "phone"),
    ("Kontakt 08-1234 5678 (Anna).", "phone"),
    ("sms 0736 123456 för att anmäla dig", "phone"),
    ("Samtal med 811218-9876:s mamma om oron.", "pnr"),
    ("Ungdomen 060314\u20113314 fick skjuts hem.", "pnr"),
    ("Skickat till anna.svensson@forshaga.se;erik.ek@forshaga.se", "email"),
    ("Inbjudan från Anna Svensson <anna.svensson@forshaga.se>", "email"),
    ("Anmälan: anna.svensson(a)forshaga.se", "email"),
    ("FRÅGOR? ANNA.SVENSSON AT FORSHAGA.SE", "email"),
    ("Mejla åsa.öberg@forshaga.se för mer information.", "email"),
    ("Anmälan till elin.dahl [snabel-a] forshaga.se", "email"),
    ("Föraren av abc123 rapporterades för olovlig körning.", "plate"),
    ("(ABC123) parkerad på gångbanan i två dygn.", "plate"),
    ("ABC 123:s förare saknade körkort.", "plate"),
    ("Bilen med nummer hlt 445 har setts vid skolan flera gånger.", "plate"),
    # more than one kind
    ("Föraren (19811218-9876) i bil ABC 123 rapporterades.", "pnr plate"),
    ("Kontakt Anna, 070-123 45 67 eller anna.s@forshaga.se.", "phone email"),
    ("Pnr 050228-6669, mammans tel 073-111 22 33.", "pnr phone"),
    ("Kontaktuppgifter: eva.l@telia.com / 070-555 12 34", "email phone"),
])

CLEAN = _samples([
    # times and time ranges
    ("Mobila poliskontoret öppet kl 0800-1200 på torget i Deje.", ""),
    ("Öppet hus på fritidsgården 08.00–12.00, drygt 40 besökare.", ""),
    ("Nattvandring fredag 18-22 i Forshaga centrum, 6 vuxna deltog.", ""),
    ("Poliskontoret hade öppet kl. 0830-1630 med 14 besök.", ""),
    ("Fotpatrull 22.00-02.00, lugnt i centrum.", ""),
    ("Samverkansmöte 13:00–15:30 i Stadshuset.", ""),
    ("Väktare på plats 2200-0400 under helgen.", ""),
    ("Öppettider: mån–fre 08–17, lör 10–14.", ""),
    ("Föräldravandring kl 19.30 - 22.30 med start vid Coop Deje.", ""),
    ("Väktarna arbetade 07.30-16.00 vid skolan.", ""),
    ("Öppet 0800-1200 och 1300-1630, 23 besökare.", ""),
    ("Kl 09 – 11 bjöd vi på fika, sedan samtal med 15 föräldrar.", ""),
    ("Tisdagar 18:00–21:00 och torsdagar 17:00–20:00 på Tegelbruket.", ""),
    ("Insats kl. 0730-1600, därefter 0800 – 1130 nästa dag.", ""),
    ("Busstationen, perrong 12, kl 07.45 – 08.15.", ""),
    # diary and case numbers
    ("Dnr KS 2024/123 – beslut om trygghetsvandring.", ""),
    ("Ärendet har Dnr 2024-000123 hos socialnämnden.", ""),
    ("Polisens ärende A 123456-24 avslutades utan åtgärd.", ""),
    ("Ärendenummer 5000-K123456-24 redovisades på mötet.", ""),
    ("Se diarienummer SN 2023/0456 för underlaget.", ""),
    ("Dnr BUN 2024/88 – uppföljning av skolfrånvaro.", ""),
    ("Ref: 0300-K98765-23 (skadegörelse, Deje).", ""),
    ("A123/2024 (polisens diarium)", ""),
    ("Dnr KS 2023.1234, bilaga 2.", ""),
    ("Anmälan K 12345-24 om klotter på Dejeskolan.", ""),
    ("Diarienummer SN 2024-00317, beslut 2024-05-02.", ""),
    # dates
    ("Möte 2024-03-14 kl 18.00 med 40 föräldrar.", ""),
    ("Trygghetsvandringen flyttas till 14/3 på grund av vädret.", ""),
    ("Nästa träff 2024-04-02–2024-04-05 på Folkets hus i Deje.", ""),
    ("Aktiviteten pågick 3/6–14/6 med 25 deltagare.", ""),
    ("Kampanjen v. 12–14, 2024, på alla skolor.", ""),
    ("Rapport 20240314 från fältgruppen.", ""),
    ("Insatsen pågick 2024-06-01 - 2024-08-31, 120 kontroller.", ""),
    ("Beslut fattat 24-03-14, gäller från 1 april.", ""),
    # sums
    ("Kontroll av 12 fordon, 3 rapporter, 1 500 kr i böter.", ""),
    ("Föreningen fick 25 000 kronor för nattvandringen.", ""),
    ("Kostnad 12 345 kr inkl. moms, faktura till KS.", ""),
    ("Budget 2024: 150 000 SEK för sommarlovsaktiviteter.", ""),
    ("Bidrag 1 200 kr per deltagare, totalt 48 000 kr.", ""),
    ("SEK 500 per kurstillfälle betalas av kommunen.", ""),
    ("Totalt 1 234 567 kr i budget för medborgarlöftet.", ""),
    # years and year ranges
    ("Uppföljning av ANT-undersökningen 2023–2024.", ""),
    ("Medborgarlöftet 2024-2026 följs upp varje kvartal.", ""),
    ("Sedan 1990-talet har föreningen arrangerat nattvandringar.", ""),
    ("Gäller elever födda 2008–2010.", ""),
    # addresses and postcodes
    ("Träffen hölls på Storgatan 12 i Forshaga.", ""),
    ("Adress: Box 123, 667 21 Forshaga.", ""),
    ("Nytt poliskontor på Dejevägen 4B, 669 31 Deje.", ""),
    ("Fritidsgården, Ugglevägen 23, 667 32 Forshaga.", ""),
    ("Leverans till Industrigatan 102A, 652 21 Karlstad.", ""),
    ("Besöksadress: Klarälvsvägen 123, SE-667 30 Forshaga.", ""),
    ("BOX 456, 651 84 KARLSTAD", ""),
    # abbreviations followed by a number
    ("Statistik: LVU 112, LSS 100, SoL 340 ärenden under 2023.", ""),
    ("Överlämning av BUP 123 ärenden till regionen diskuterades.", ""),
    ("Insats enligt LSS 100 timmar per månad, uppföljning i maj.", ""),
    ("Information till SFI 120 elever om polisens arbete.", ""),
    ("Utbildning i BBIC 2024 för socialsekreterare.", ""),
    ("HVB 12 platser, SIS 400 platser i landet enligt rapporten.", ""),
    ("Underlag från RPS 123 och BRÅ 2023:4 om lokal samverkan.", ""),
    ("SOU 2018:85 om polisens lokala arbete diskuterades.", ""),
    ("Genomgång av SoL 4 kap. 1 § och LVU 2 §.", ""),
    ("ANT 120 elever svarade på enkäten i årskurs 9.", ""),
    ("Kampanj med CAN 2024, material om alkohol till 300 elever.", ""),
    ("BRÅ 123 sidor om lokal lägesbild lästes inför mötet.", ""),
    ("NTF 150 reflexer delades ut vid skolan.", ""),
    ("ABF 100 år firades med öppet hus på Folkets hus.", ""),
    ("SoL 100 ärenden, LVM 12 ärenden under första kvartalet.", ""),
    ("MED 120 ELEVER PÅ PLATS – rekordkväll på Tegelbruket!", ""),
    ("BOWLING OCH 120 PIZZOR – sportlovets stora kväll.", ""),
    ("Ant. 120 besökare, tot 340 under veckan.", ""),
    ("Rapporten från BRÅ, CAN och SKR 2023 presenterades för 40 chefer.", ""),
    ("Lektion om HLR för 120 elever och 14 lärare på Dejeskolan.", ""),
    # rooms, bus lines, roads
    ("Föreläsningen hölls i rum 123 på kommunhuset.", ""),
    ("Lektion i sal B12 och sal 102 för årskurs 8.", ""),
    ("Buss 302 mot Deje stannar vid skolan.", ""),
    ("Linje 301 och 302 kontrollerades av väktare.", ""),
    ("Trafikkontroll på väg 62 och E18.", ""),
    ("Hastighetskontroll på väg 236 vid Olsäter, 87 fordon.", ""),
    ("Bilen körde med 140 km/h förbi skolan, föraren rapporterades.", ""),
    ("Mopeden hade 45 km/h, tre fordon kontrollerades, bil 12 av 40 hade brister.", ""),
    # counts
    ("Samtal med 120 elever i årskurs 8 om droger.", ""),
    ("Mobila poliskontoret hade 42 besökare och 17 samtal.", ""),
    ("Upptäckargruppen träffade 35 ungdomar, 12 vuxna.", ""),
    ("Kom 150 personer till föreläsningen, var 200 anmälda.", ""),
    ("Reflexer: 1 000 st delades ut.", ""),
    # public service numbers
    ("Information om 112, 114 14 och 1177 till årskurs 7.", ""),
    ("Hänvisade till Stödlinjen 020-81 91 00.", ""),
    ("Ring 114 14 för att tipsa polisen.", ""),
    ("Frågor om folkbokföring: 0771-567 567 (Skatteverket).", ""),
    # links and handles
    ("https://forshaga.se/nyheter/2024/03/14/trygghetsvandring", ""),
    ("https://www.forshaga.se/nyheter/2024-123", ""),
    ("Följ oss på Instagram @forshaga_kommun och @polisen_varmland.", ""),
    ("www.polisen.se/varmland – läs mer om medborgarlöften.", ""),
    ("https://youtu.be/abc123XYZ", ""),
    # numbers that look like personal numbers but are not
    ("Organisationsnummer 212000-1785 (Forshaga kommun).", ""),
    ("Bankgiro 5050-1055 för bidrag till nattvandrarna.", ""),
    ("Ordernummer 8112189875 för reflexvästar.", ""),
    ("Faktura 2403141234 betald av socialförvaltningen.", ""),
    # other numbers
    ("Kontroll av 12 mopeder, varav 3 EU-mopeder klass 1.", ""),
    ("Temperaturen var -12 grader, 4 väktare i tjänst.", ""),
    ("Åk 9, klass 9B och 9C, fick information.", ""),
    ("Samverkansmöte vecka 12; lugn vecka, inga nya ärenden.", ""),
    ("COVID-19-restriktionerna gjorde att 2020 års kampanj ställdes in.", ""),
    ("Klockan 23.45 lugnt, 0 händelser.", ""),
    ("Version 2.4.1 av handlingsplanen antogs.", ""),
    ("Medborgarlöfte nr 3: ökad trygghet i Deje.", ""),
    ("Barn 0–18 år och deras föräldrar bjöds in.", ""),
    ("Projektkod P-2024-0123 för finansieringen.", ""),
    ("Brandövning med 3 enheter, larmet gick 02.13, åter 03.40.", ""),
    ("Uppföljning av medborgarlöfte 2023, 18 åtgärder av 24 genomförda.", ""),
    # more of what is not personal data
    ("Möte i sal 204, Stadshuset, kl 13.15–15.00.", ""),
    ("Bilar kontrollerade: tot 340, rapporterade 12.", ""),
    ("Trafikkontroll väg 62, bil nr 123 av 300 hade brister.", ""),
    ("Öppet 1000-1400 på lördagar, 0900-1600 vardagar.", ""),
    ("Poliskontoret kl 0600–0900 vid pendelparkeringen.", ""),
    ("Väktare kl 07:30-16:30 vid Dejeskolan.", ""),
    ("Kampanj v. 10–12: 120 kontroller, 0 anmärkningar.", ""),
    ("Utryckning 02:14, klar 03:05, ingen skada.", ""),
    ("Anmälningar 2023: 1 234, 2024: 1 456.", ""),
    ("Föreläsning kl. 17.30–21.00 på Forshaga bibliotek.", ""),
    ("Sportlovet v. 9: 0–3 grader, 86 besökare i ishallen.", ""),
    ("Frågor om ersättning: 0771-524 524 (Försäkringskassan).", ""),
    ("Födda 2006-03-14 och senare fick inte köpa folköl.", ""),
    ("Bilen körde i 140 i en 70-zon, föraren rapporterades.", ""),
    ("Moped klass 1, max 45 km/h, 120 kontroller vid Deje.", ""),
    ("Kontroll av EPA-traktorer: 14 st, varav 3 trimmade.", ""),
    ("ICA Forshaga: 350 reflexer delades ut.", ""),
    ("Möte med BRÅ och SKR, underlag 2023/24:JuU12.", ""),
    ("Polisen, 114 14, tar emot tips dygnet runt.", ""),
    ("Lägenhet lgh 1102 på Storgatan 12 besöktes av socialtjänsten.", ""),
    ("Arbetsmiljöverket, dnr 2024/012345, inspektion av fritidsgården.", ""),
    ("Ärende 2024-0456 hos miljöförvaltningen, 2 platsbesök.", ""),
    ("Kostnad: 5 400:- för hyra av buss, 1 200:- för mat.", ""),
    ("Gymnasiet, klass TE21B och NA22A, fick information.", ""),
    ("Väg 236 mellan Deje och Molkom, 98 fordon kontrollerade.", ""),
])

CORPUS = WITH_PERSONAL_DATA + CLEAN


@dataclass(frozen=True, slots=True)
class Score:
    """Precision and recall of one row of the table."""

    name: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        present = self.true_positives + self.false_negatives
        return self.true_positives / present if present else 1.0


@dataclass(frozen=True, slots=True)
class Report:
    sentence: Score  # any personal data in the sentence, whatever the kind
    per_kind: tuple[Score, ...]
    kinds: Score  # every (sentence, kind) pair, micro-averaged
    misses: tuple[tuple[Sample, frozenset[str]], ...]  # (sample, kinds found) where they differ


def score(find_kinds: Callable[[str], Iterable[str]],
          corpus: Iterable[Sample] = CORPUS) -> Report:
    """Score a detector, given as text -> kinds found, over the corpus."""
    samples = list(corpus)
    found = [frozenset(find_kinds(sample.text)) for sample in samples]

    def count(name: str, expected: list[bool], got: list[bool]) -> Score:
        return Score(name, sum(e and g for e, g in zip(expected, got, strict=True)),
                     sum(g and not e for e, g in zip(expected, got, strict=True)),
                     sum(e and not g for e, g in zip(expected, got, strict=True)))

    sentence = count("any", [bool(s.kinds) for s in samples], [bool(f) for f in found])
    per_kind = tuple(count(kind, [kind in s.kinds for s in samples], [kind in f for f in found])
                     for kind in KINDS)
    kinds = Score("all kinds", sum(k.true_positives for k in per_kind),
                  sum(k.false_positives for k in per_kind),
                  sum(k.false_negatives for k in per_kind))
    misses = tuple((s, f) for s, f in zip(samples, found, strict=True) if s.kinds != f)
    return Report(sentence, per_kind, kinds, misses)
