/**
 * Shipped synonym groups: German public-administration vocabulary, abbreviations of laws and
 * authorities, and everyday words citizens use for official terms. Each line is one group of
 * equivalent terms separated by "|". Administrators add groups on top (search_synonyms).
 */
const LIST = `
AO | Abgabenordnung
BGB | Bürgerliches Gesetzbuch
HGB | Handelsgesetzbuch
StGB | Strafgesetzbuch
StPO | Strafprozessordnung
ZPO | Zivilprozessordnung
GG | Grundgesetz
StVO | Straßenverkehrsordnung
StVZO | Straßenverkehrszulassungsordnung
FZV | Fahrzeugzulassungsverordnung
FeV | Fahrerlaubnisverordnung
GewO | Gewerbeordnung
HwO | Handwerksordnung
BauGB | Baugesetzbuch
BauNVO | Baunutzungsverordnung
LBO | Landesbauordnung | Bauordnung
VwVfG | Verwaltungsverfahrensgesetz
VwGO | Verwaltungsgerichtsordnung
VwZG | Verwaltungszustellungsgesetz
OZG | Onlinezugangsgesetz
EGovG | E-Government-Gesetz
DSGVO | Datenschutz-Grundverordnung | Datenschutzgrundverordnung
BDSG | Bundesdatenschutzgesetz
IFG | Informationsfreiheitsgesetz
BMG | Bundesmeldegesetz | Melderecht
PAuswG | Personalausweisgesetz
PassG | Passgesetz
AufenthG | Aufenthaltsgesetz
AsylG | Asylgesetz
StAG | Staatsangehörigkeitsgesetz
BAföG | Ausbildungsförderung | Bundesausbildungsförderungsgesetz
BEEG | Elterngeld | Bundeselterngeld- und Elternzeitgesetz
BKGG | Bundeskindergeldgesetz
EStG | Einkommensteuergesetz
UStG | Umsatzsteuergesetz
GewStG | Gewerbesteuergesetz
GrStG | Grundsteuergesetz
KraftStG | Kraftfahrzeugsteuergesetz
ErbStG | Erbschaftsteuergesetz
SGB | Sozialgesetzbuch
SGB II | Bürgergeld | Grundsicherung für Arbeitsuchende
SGB III | Arbeitsförderung
SGB V | Krankenversicherung
SGB VI | Rentenversicherung
SGB VIII | Kinder- und Jugendhilfe | Jugendhilfe
SGB IX | Rehabilitation und Teilhabe
SGB XI | Pflegeversicherung
SGB XII | Sozialhilfe
WoGG | Wohngeldgesetz | Wohngeld
UVG | Unterhaltsvorschuss | Unterhaltsvorschussgesetz
AGG | Allgemeines Gleichbehandlungsgesetz
ArbZG | Arbeitszeitgesetz
MuSchG | Mutterschutzgesetz | Mutterschutz
JArbSchG | Jugendarbeitsschutzgesetz
KSchG | Kündigungsschutzgesetz | Kündigungsschutz
TVöD | Tarifvertrag für den öffentlichen Dienst
TV-L | Tarifvertrag der Länder
BeamtStG | Beamtenstatusgesetz
BBG | Bundesbeamtengesetz
VOB | Vergabe- und Vertragsordnung für Bauleistungen
UVgO | Unterschwellenvergabeordnung
VgV | Vergabeverordnung
GWB | Gesetz gegen Wettbewerbsbeschränkungen
IfSG | Infektionsschutzgesetz
BImSchG | Bundes-Immissionsschutzgesetz | Immissionsschutz
KrWG | Kreislaufwirtschaftsgesetz
WHG | Wasserhaushaltsgesetz
BNatSchG | Bundesnaturschutzgesetz | Naturschutz
GastG | Gaststättengesetz
JuSchG | Jugendschutzgesetz | Jugendschutz
WaffG | Waffengesetz
TierSchG | Tierschutzgesetz | Tierschutz
PStG | Personenstandsgesetz | Personenstandsrecht
BtMG | Betäubungsmittelgesetz
OWiG | Ordnungswidrigkeitengesetz
GKG | Gerichtskostengesetz
RVG | Rechtsanwaltsvergütungsgesetz
GBO | Grundbuchordnung
WEG | Wohnungseigentumsgesetz
KAG | Kommunalabgabengesetz
GemO | Gemeindeordnung
KrO | Kreisordnung
ÖPNV | öffentlicher Personennahverkehr | öffentlicher Nahverkehr | Nahverkehr
SPNV | Schienenpersonennahverkehr
Kfz | Kraftfahrzeug | Auto | PKW
Lkw | Lastkraftwagen | Lastwagen
Pkw | Personenkraftwagen
Krad | Kraftrad | Motorrad
KFZ-Steuer | Kraftfahrzeugsteuer | Kfz-Steuer
HU | Hauptuntersuchung | TÜV
AU | Abgasuntersuchung
EVB | elektronische Versicherungsbestätigung | Versicherungsbestätigung
Zulassungsbescheinigung Teil I | Fahrzeugschein
Zulassungsbescheinigung Teil II | Fahrzeugbrief
Fahrerlaubnis | Führerschein
Kennzeichen | Nummernschild | Autokennzeichen
Wunschkennzeichen | Wunschnummer
Parkausweis | Anwohnerparkausweis | Bewohnerparkausweis | Parkberechtigung
Schwerbehindertenausweis | Behindertenausweis
GdB | Grad der Behinderung
Meldebescheinigung | Wohnsitzbescheinigung | Meldebestätigung | Wohnsitznachweis | Meldezettel
Anmeldung | Wohnsitzanmeldung | Ummeldung
Abmeldung | Wohnsitzabmeldung
Wohnsitz | Wohnort | Adresse | Anschrift
Hauptwohnsitz | Hauptwohnung
Nebenwohnsitz | Nebenwohnung | Zweitwohnsitz | Zweitwohnung
Zweitwohnungsteuer | Zweitwohnsitzsteuer
Wohnungsgeberbestätigung | Vermieterbescheinigung | Wohnungsgeberbescheinigung
Personalausweis | Perso | Ausweis | Ausweisdokument
Reisepass | Pass
Kinderreisepass | Kinderpass
eID | Online-Ausweis | Onlineausweis | elektronischer Identitätsnachweis
Führungszeugnis | polizeiliches Führungszeugnis
Gewerbeanmeldung | Gewerbeschein
Gewerbeabmeldung | Betriebsaufgabe
Gewerbeummeldung | Gewerbeänderung
Gewerbezentralregister | GZR
Handelsregister | HRB | HRA
IHK | Industrie- und Handelskammer
HWK | Handwerkskammer
Baugenehmigung | Bauerlaubnis | Baubewilligung
Bauantrag | Bauvoranfrage
Bebauungsplan | B-Plan | Bebauungspläne
Flächennutzungsplan | FNP | F-Plan
Denkmalschutz | Denkmalpflege
Abfall | Müll
Abfallgebühren | Müllgebühren
Sperrmüll | Sperrgut
Müllabfuhr | Abfallentsorgung | Abfallbeseitigung
Arbeitslos | Arbeitslosigkeit | erwerbslos
Biotonne | Biomüll | Bioabfall
Altpapier | Papiertonne
Wertstoffhof | Recyclinghof
Straßenreinigung | Straßenreinigungsgebühr
Winterdienst | Schneeräumung | Räumpflicht
Grundsteuer | Grundbesitzabgaben
Hundesteuer | Hundeabgabe
Kita | Kindertagesstätte | Kindergarten | Kindertageseinrichtung
Krippe | Kinderkrippe
Hort | Schulhort
Tagespflege | Kindertagespflege | Tagesmutter
Kitagebühren | Elternbeiträge | Kitabeiträge
Kindergeld | Familienkasse
Kinderzuschlag | KiZ
Elternzeit | Erziehungsurlaub
Unterhalt | Alimente
Sorgerecht | elterliche Sorge
Vaterschaftsanerkennung | Vaterschaft
Geburtsurkunde | Geburtsschein
Eheschließung | Heirat | Hochzeit | Trauung
Standesamt | Standesbeamter | Personenstandswesen
Eheurkunde | Heiratsurkunde
Lebenspartnerschaft | eingetragene Lebenspartnerschaft
Scheidung | Ehescheidung
Sterbeurkunde | Todesbescheinigung
Sterbefall | Todesfall
Bestattung | Beerdigung | Beisetzung
Friedhof | Friedhofsverwaltung
Erbschein | Erbnachweis
Testament | letztwillige Verfügung
Namensänderung | Namenswechsel
Einbürgerung | Staatsangehörigkeit | Staatsbürgerschaft
Aufenthaltstitel | Aufenthaltserlaubnis | Aufenthaltsgenehmigung
Niederlassungserlaubnis | unbefristeter Aufenthalt
Visum | Visa
Ausländerbehörde | Ausländeramt | Einwanderungsbehörde
Blaue Karte | Blue Card
Arbeitserlaubnis | Beschäftigungserlaubnis
Asyl | Asylantrag | Schutzsuchende
Geflüchtete | Flüchtlinge
Integrationskurs | Deutschkurs
Sprachnachweis | Sprachzertifikat
Anerkennung | Berufsanerkennung | Anerkennung ausländischer Abschlüsse
Bürgeramt | Bürgerbüro | Bürgerservice | Einwohnermeldeamt | Meldeamt
Rathaus | Stadtverwaltung | Gemeindeverwaltung
Landratsamt | Kreisverwaltung | Kreisamt
Ordnungsamt | Ordnungsbehörde
Bauamt | Bauaufsicht | Bauaufsichtsbehörde | Bauordnungsamt
Jugendamt | Jugendbehörde
Sozialamt | Sozialbehörde
Gesundheitsamt | Gesundheitsbehörde
Finanzamt | Steuerbehörde | Steuerverwaltung
Jobcenter | Arbeitsamt | Agentur für Arbeit
Arbeitsagentur | Bundesagentur für Arbeit | BA
Zulassungsstelle | Kfz-Zulassungsstelle | Straßenverkehrsamt
Führerscheinstelle | Fahrerlaubnisbehörde
Standesamtliche Trauung | Ziviltrauung
Kämmerei | Stadtkasse | Gemeindekasse
Gebühr | Gebühren | Kosten | Entgelt
Beitrag | Beiträge | Abgabe
Bescheid | Verwaltungsakt
Widerspruch | Einspruch | Rechtsbehelf
Klage | Anfechtungsklage
Frist | Fristen | Deadline
Antrag | Gesuch | Ansuchen
Formular | Vordruck | Antragsformular
Unterlagen | Dokumente | Nachweise
Nachweis | Bescheinigung | Beleg
Beglaubigung | beglaubigte Kopie | Beglaubigungen
Apostille | Legalisation
Vollmacht | Bevollmächtigung
Unterschrift | Signatur
qualifizierte elektronische Signatur | QES
Termin | Terminvereinbarung | Terminbuchung
Öffnungszeiten | Sprechzeiten | Servicezeiten
Zuständigkeit | zuständige Stelle | zuständige Behörde
Sachbearbeiter | Sachbearbeiterin | Sachbearbeitung
Behörde | Amt | Dienststelle
Verwaltung | öffentliche Verwaltung
öffentlicher Dienst | ÖD
Beamter | Beamtin | Beamte
Beschäftigte | Tarifbeschäftigte | Angestellte
Dienstreise | Dienstfahrt
Reisekosten | Reisekostenabrechnung
Urlaub | Erholungsurlaub
Krankmeldung | Arbeitsunfähigkeitsbescheinigung | AU-Bescheinigung | Krankschreibung
Homeoffice | Telearbeit | mobiles Arbeiten
Stellenausschreibung | Stellenangebot | Ausschreibung
Bewerbung | Bewerbungsverfahren
Personalrat | Personalvertretung
Gleichstellungsbeauftragte | Frauenbeauftragte
Datenschutzbeauftragter | DSB
Informationssicherheit | IT-Sicherheit
BSI | Bundesamt für Sicherheit in der Informationstechnik
IT-Grundschutz | Grundschutz
Haushalt | Haushaltsplan | Etat
Haushaltssatzung | Haushaltsbeschluss
Doppik | doppelte Buchführung
Kameralistik | kameraler Haushalt
Rechnung | Faktura
E-Rechnung | elektronische Rechnung | XRechnung
Vergabe | Auftragsvergabe | Beschaffung
Vergabeverfahren | Ausschreibungsverfahren
Zuwendung | Förderung | Zuschuss | Subvention
Fördermittel | Fördergelder
Verwendungsnachweis | Mittelverwendungsnachweis
Satzung | Ortssatzung | kommunale Satzung
Verordnung | Rechtsverordnung
Gemeinderat | Stadtrat | Ratsversammlung
Bürgermeister | Bürgermeisterin | Oberbürgermeister | OB
Landrat | Landrätin
Kreistag | Kreisrat
Sitzung | Ratssitzung
Niederschrift | Protokoll | Sitzungsprotokoll
Beschluss | Ratsbeschluss
Bürgerbeteiligung | Öffentlichkeitsbeteiligung | Partizipation
Bürgerbegehren | Bürgerentscheid
Wahl | Wahlen
Briefwahl | Briefwahlunterlagen | Wahlschein
Wahlbenachrichtigung | Wahlkarte
Wahlhelfer | Wahlvorstand
Wohngeld | Mietzuschuss | Lastenzuschuss
WBS | Wohnberechtigungsschein
Sozialwohnung | geförderte Wohnung | Sozialer Wohnungsbau
Miete | Mietzins
Mietvertrag | Mietverhältnis
Nebenkosten | Betriebskosten
Kaution | Mietkaution
Vermieter | Wohnungsgeber
Mieter | Mieterin
Obdachlosigkeit | Wohnungslosigkeit
Bürgergeld | Arbeitslosengeld II | ALG II | Hartz IV | Hartz 4
Arbeitslosengeld | ALG | ALG I | Arbeitslosengeld I
Grundsicherung | Grundsicherung im Alter
Rente | Altersrente | Pension
Rentenversicherung | DRV | Deutsche Rentenversicherung
Krankenkasse | Krankenversicherung | GKV
Pflegegeld | Pflegeleistungen
Pflegegrad | Pflegestufe
BuT | Bildung und Teilhabe | Bildungspaket
Teilhabe | Eingliederungshilfe
Schwerbehinderung | Behinderung
Barrierefreiheit | barrierefrei
Schule | Schulen
Schulanmeldung | Einschulung
Schülerbeförderung | Schülerfahrkarte | Schulweg
Ausbildung | Berufsausbildung | Lehre
Studium | Hochschulstudium
Studienkredit | Bildungskredit
Meister-BAföG | Aufstiegs-BAföG | Aufstiegsfortbildungsförderung
Weiterbildung | Fortbildung | Qualifizierung
Bildungsurlaub | Bildungsfreistellung
Volkshochschule | VHS
Bibliothek | Bücherei | Stadtbibliothek
Bibliotheksausweis | Leseausweis
Museum | Museen
Schwimmbad | Hallenbad | Freibad
Spielplatz | Kinderspielplatz
Sportplatz | Sportanlage
Park | Grünanlage | Grünfläche
Baum | Bäume
Baumfällung | Baumfällgenehmigung | Fällgenehmigung
Baumschutzsatzung | Baumschutz
Lärm | Lärmbelästigung | Ruhestörung
Ruhezeiten | Nachtruhe
Sondernutzung | Sondernutzungserlaubnis
Straßensperrung | Verkehrssperrung | Vollsperrung
Baustelle | Baustellen
Halteverbot | Parkverbot
Falschparker | Parkverstoß
Bußgeld | Verwarnungsgeld | Strafzettel | Knöllchen
Bußgeldbescheid | Bußgeldverfahren
Ordnungswidrigkeit | OWi
Fundbüro | Fundsachen | Fundamt
Veranstaltung | Event | Fest
Veranstaltungsgenehmigung | Veranstaltungserlaubnis
Marktplatz | Wochenmarkt
Gaststättenerlaubnis | Gaststättenkonzession | Schankerlaubnis
Reisegewerbe | Reisegewerbekarte
Lebensmittelüberwachung | Lebensmittelkontrolle
Hygiene | Hygienebelehrung | Gesundheitszeugnis
Impfung | Impfschutz | Schutzimpfung
Masernschutz | Masernimpfung
Feuerwehr | Brandschutz
Rettungsdienst | Notruf
Katastrophenschutz | Bevölkerungsschutz
Polizei | Polizeidienststelle
Anzeige | Strafanzeige
Waffenschein | Waffenbesitzkarte
Jagdschein | Jagderlaubnis
Angelschein | Fischereischein
Hund | Hunde
Hundehaltung | Hundehalter
Gefahrhund | Kampfhund | gefährlicher Hund
Tierheim | Tierasyl
Umwelt | Umweltschutz
Klimaschutz | Klima
Energieausweis | Energiepass
Solaranlage | Photovoltaik | PV-Anlage
Wärmepumpe | Heizung
Abwasser | Kanalisation | Schmutzwasser
Abwassergebühren | Kanalgebühren
Trinkwasser | Wasserversorgung
Niederschlagswasser | Regenwasser
Grundbuch | Grundbuchamt
Flurstück | Grundstück | Parzelle
Liegenschaftskataster | Kataster | Katasteramt
Vermessung | Vermessungsamt
Erschließung | Erschließungsbeitrag
Straßenausbaubeitrag | Ausbaubeitrag
Bodenrichtwert | Grundstückswert
Gutachterausschuss | Grundstücksbewertung
Steuererklärung | Einkommensteuererklärung
Steuerbescheid | Steuerfestsetzung
Steuer-ID | Steueridentifikationsnummer | Steuer-Identifikationsnummer | IdNr
Steuernummer | StNr
Umsatzsteuer | Mehrwertsteuer | MwSt | USt
USt-IdNr | Umsatzsteuer-Identifikationsnummer
ELSTER | elektronische Steuererklärung
Lohnsteuer | Lohnsteuerbescheinigung
Kirchensteuer | Kirchenaustritt
Gewerbesteuer | GewSt
Vorauszahlung | Steuervorauszahlung
Stundung | Zahlungsaufschub
Ratenzahlung | Teilzahlung
Mahnung | Zahlungserinnerung
Vollstreckung | Zwangsvollstreckung | Pfändung
Säumniszuschlag | Mahngebühr
Lastschrift | SEPA-Lastschrift | Einzugsermächtigung | SEPA-Mandat
Überweisung | Banküberweisung
IBAN | Kontonummer | Bankverbindung
Datenschutz | Privatsphäre
Auskunft | Auskunftsersuchen | Auskunftsanspruch
Akteneinsicht | Einsicht in Akten
Akte | Vorgang | Verwaltungsvorgang
E-Akte | elektronische Akte | digitale Akte
Aktenplan | Registraturplan
Archiv | Archivierung
Aufbewahrungsfrist | Aufbewahrungspflicht
Posteingang | Eingangspost
Postausgang | Ausgangspost
Zustellung | förmliche Zustellung | Postzustellungsurkunde
Rundschreiben | Rundverfügung | Rundmail
Dienstanweisung | Dienstanordnung | Dienstvorschrift
Geschäftsordnung | GO
Geschäftsverteilungsplan | GVP
Organigramm | Organisationsplan
Vertretung | Stellvertretung | Vertretungsregelung
Zeichnungsbefugnis | Zeichnungsrecht | Unterschriftsbefugnis
Mitzeichnung | Mitzeichnungsverfahren
Vorlage | Beschlussvorlage | Verwaltungsvorlage
Prozess | Ablauf | Verfahren | Vorgehen
Prozessbeschreibung | Verfahrensbeschreibung | Ablaufbeschreibung
Checkliste | Prüfliste
Leitfaden | Handreichung | Anleitung
Wissensmanagement | Wissenssicherung | Wissenstransfer
Einarbeitung | Onboarding
Übergabe | Amtsübergabe | Stellenübergabe
Ruhestand | Pensionierung | Verrentung
Software | Fachverfahren | Fachanwendung
Passwort | Kennwort
Zugang | Zugangsdaten | Login | Anmeldedaten
Drucker | Druckausgabe
Telefon | Telefonnummer | Durchwahl
E-Mail | Mail | E-Post
Postfach | Funktionspostfach | Gruppenpostfach
Videokonferenz | Videocall | Webkonferenz
Besprechung | Meeting | Sitzung
Digitalisierung | Digitalisierungsstrategie
Bürgerkonto | Servicekonto | BundID
Onlinedienst | Online-Antrag | digitaler Antrag
Unfall | Verkehrsunfall
Unfallversicherung | Berufsgenossenschaft | BG
Arbeitsschutz | Arbeitssicherheit
Gefährdungsbeurteilung | Gefährdungsanalyse
Betriebsarzt | Arbeitsmediziner
Ersthelfer | Erste Hilfe
Fahrrad | Rad | Fahrräder
Radweg | Fahrradweg
Bus | Busse | Linienbus
Fahrkarte | Fahrschein | Ticket
Deutschlandticket | 49-Euro-Ticket | D-Ticket
Sozialticket | Sozialpass
Ehrenamt | ehrenamtliche Tätigkeit | Freiwilligenarbeit
Ehrenamtskarte | Ehrenamtspass
Verein | Vereine | eingetragener Verein | e.V.
Vereinsregister | Vereinsregistereintrag
Gemeinnützigkeit | gemeinnützig
Spende | Spendenbescheinigung | Zuwendungsbestätigung
Stiftung | Stiftungen
Jugend | Jugendliche
Senioren | ältere Menschen | Seniorinnen
Seniorenheim | Altenheim | Pflegeheim
Betreuung | rechtliche Betreuung | Betreuungsverfahren
Vorsorgevollmacht | Patientenverfügung
Mutterschaftsgeld | Mutterschaftsleistungen
Beistandschaft | Beistand
Adoption | Adoptionsverfahren
Pflegefamilie | Pflegekinder
Kinderschutz | Kindeswohl | Kindeswohlgefährdung
Hilfe zur Erziehung | HzE
Schuldnerberatung | Schuldenberatung
Insolvenz | Privatinsolvenz | Verbraucherinsolvenz
Rundfunkbeitrag | GEZ | Rundfunkgebühr
Befreiung | Ermäßigung | Gebührenbefreiung
Härtefall | Härtefallantrag
Stadtplan | Karte | Lageplan
Geodaten | GIS | Geoinformationssystem
Statistik | Statistiken
Zensus | Volkszählung
Open Data | offene Daten
`;

/**
 * The service names of the Leistungskatalog (LeiKa) and the FIM service descriptions (first
 * term: the catalogue's name of the service, e.g. "Melderegisterauskunft", "Außerbetriebsetzung")
 * against what citizens and new colleagues say at the counter ("Auto abmelden", "Hund anmelden").
 * Terms also in LIST join both groups.
 */
const LEIKA_EVERYDAY = `
Ummeldung | Wohnsitz anmelden | Umzug melden
Gewerbeanmeldung | Gewerbe anmelden
Hundeanmeldung | Hund anmelden | Hundemarke
Melderegisterauskunft | Meldeauskunft | Adressauskunft | Einwohnermeldeauskunft
Außerbetriebsetzung | Fahrzeugabmeldung | Auto abmelden
Fahrzeugzulassung | Auto anmelden | Auto zulassen
Führerscheinumtausch | Pflichtumtausch | Kartenführerschein
Blindengeld | Blindenhilfe
Lebensbescheinigung | Lebensnachweis
Feuerwerk | Silvesterfeuerwerk | Pyrotechnik
Parkerleichterung | blauer Parkausweis | Behindertenparkausweis | EU-Parkausweis
Kirchenaustritt | Austritt aus der Kirche
Anmeldung zur Eheschließung | Aufgebot | Heirat anmelden
Geburtsanzeige | Geburt anzeigen | Geburt anmelden
Grabnutzungsrecht | Grabstelle
Bewohnerparken | Anwohnerparken
Kitaplatz | Kita-Platz | Betreuungsplatz | Kita-Anmeldung
`;

/** The shipped groups, parsed once. */
export const shippedSynonyms: readonly (readonly string[])[] = `${LIST}\n${LEIKA_EVERYDAY}`.split('\n')
  .map((line) => line.split('|').map((term) => term.trim()).filter((term) => term.length > 0))
  .filter((group) => group.length >= 2);
