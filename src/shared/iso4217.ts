/**
 * ISO 4217 list one: every active currency code with its minor units, and what a contract writes for it. One line per
 * currency, fields separated by " | ":
 *
 *   CODE minorUnits | symbols | English names | German names | French names | evidence
 *
 * - symbols: the forms that name the currency next to an amount ("J$", "GH₵", "KSh"). A form shared by several
 *   currencies ends in "?" ("$?", "Rs?"); the one it meant until this table existed ends in "?!" (a bare "$" is USD
 *   unless the document says otherwise). A form of one or two letters that ends in "~" ("P~" pula, "E~" lilangeni,
 *   "K~" kwacha, kina and kyat) is a letter symbol: read only where the document names the currency's country.
 * - names: singular, comma-separated; each word also matches its plural ("Jamaican dollar" → "Jamaican dollars",
 *   "roupie mauricienne" → "roupies mauriciennes"); irregular plurals are listed. A name shared by several currencies
 *   ("dollar", "rupee", "franc") carries the same "?" / "?!" marks as a symbol.
 * - evidence (currencies that share a form or have a letter symbol): the words that place a document in the currency's country: the
 *   country in English, German and French, its main cities, and, marked "!" (they count double), its national tax
 *   and registration forms ("GCT", "IVU", "NTN").
 *
 * Fund and unit codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) are ISO codes no contract bills in: they are
 * marked "fund" and never read from text. Codes without minor units (gold, SDR, test codes) are left out.
 * BGN stays after Bulgaria's euro adoption (2026) so that contracts billed in leva before it keep their minor units.
 */
const TABLE = `
AED 2 | Dhs? | UAE dirham, Emirati dirham, dirham? | VAE-Dirham | dirham des Émirats | United Arab Emirates, UAE, Emirates, Vereinigte Arabische Emirate, Émirats arabes unis, Dubai, Abu Dhabi, Sharjah, !TRN
AFN 2 | Af, ؋ | Afghan afghani | Afghani | afghani | -
ALL 2 | Lek | Albanian lek | Lek | lek albanais | -
AMD 2 | ֏ | Armenian dram | Armenischer Dram | dram arménien | -
AOA 2 | Kz | Angolan kwanza | Kwanza | kwanza angolais | -
ARS 2 | AR$ | Argentine peso, peso? | Argentinischer Peso | peso argentin | Argentina, Argentinien, Argentine, Buenos Aires, Rosario, !CUIT, !AFIP
AUD 2 | A$, AU$, AUD$, $? | Australian dollar, dollar? | Australischer Dollar | dollar australien | Australia, Australien, Australie, Sydney, Melbourne, Brisbane, Perth, Adelaide, Canberra, New South Wales, Queensland, !ABN, !ACN
AWG 2 | Afl., ƒ | Aruban florin | Aruba-Florin | florin arubais | -
AZN 2 | ₼ | Azerbaijani manat | Aserbaidschan-Manat | manat azerbaïdjanais | -
BAM 2 | - | convertible mark | Konvertible Mark | mark convertible | -
BBD 2 | Bds$, BBD$, $? | Barbadian dollar, Barbados dollar, dollar? | Barbados-Dollar | dollar barbadien | Barbados, Barbade, Bridgetown
BDT 2 | Tk, ৳ | Bangladeshi taka, taka | Taka | taka | -
BGN 2 | лв, лв. | Bulgarian lev, leva | Lew | lev bulgare | -
BHD 3 | BD | Bahraini dinar, dinar? | Bahrain-Dinar | dinar bahreïni | Bahrain, Bahrein, Bahreïn, Manama
BIF 0 | FBu | Burundian franc, franc? | Burundi-Franc | franc burundais | Burundi, Bujumbura, Gitega
BMD 2 | BD$, $? | Bermudian dollar, dollar? | Bermuda-Dollar | dollar bermudien | Bermuda, Bermudas, Bermudes, 
BND 2 | B$?!, BN$, $? | Brunei dollar, dollar? | Brunei-Dollar | dollar de Brunei | Brunei, Brunei Darussalam, Bandar Seri Begawan
BOB 2 | Bs. | boliviano | Boliviano | boliviano | Bolivia, Bolivien, Bolivie, La Paz, Santa Cruz, Cochabamba
BOV 2 fund | - | Bolivian Mvdol | - | - | -
BRL 2 | R$ | Brazilian real, reais | Brasilianischer Real | réal brésilien, réaux brésiliens | -
BSD 2 | B$?, $? | Bahamian dollar, dollar? | Bahama-Dollar | dollar bahaméen | Bahamas, Nassau, Freeport
BTN 2 | Nu. | Bhutanese ngultrum | Ngultrum | ngultrum | -
BWP 2 | P~ | Botswana pula, pula | Pula | pula | Botswana, Botsuana, Gaborone, Francistown, Maun, Serowe, Palapye, Lobatse, Kasane, Selebi-Phikwe, Molepolole, Kanye, Mahalapye, Okavango, Chobe, Kgalagadi, Ghanzi, !BURS
BYN 2 | Br? | Belarusian ruble, Belarusian rouble | Belarus-Rubel | rouble biélorusse | Belarus, Weißrussland, Biélorussie, Minsk, Hrodna, Brest
BZD 2 | BZ$, $? | Belize dollar, dollar? | Belize-Dollar | dollar bélizien | Belize, Belmopan
CAD 2 | C$?!, CA$, CAD$, CDN$, Cdn$, $? | Canadian dollar, dollar? | Kanadischer Dollar | dollar canadien | Canada, Kanada, Ontario, Quebec, Québec, British Columbia, Colombie-Britannique, Alberta, Manitoba, Saskatchewan, Nova Scotia, New Brunswick, Nouveau-Brunswick, Toronto, Montreal, Montréal, Vancouver, Ottawa, Calgary, !HST, !QST, !TPS, !TVQ, !TVH
CDF 2 | - | Congolese franc, franc? | Kongo-Franc | franc congolais | Democratic Republic of the Congo, DRC, RDC, République démocratique du Congo, Kinshasa, Lubumbashi
CHE 2 fund | - | WIR euro | - | - | -
CHF 2 | SFr., Fr.?! | Swiss franc, franc?! | Schweizer Franken, Franken | franc suisse | Switzerland, Schweiz, Suisse, Zürich, Zurich, Genève, Geneva, Genf, Bern, Berne, Basel, Bâle, Lausanne, !MWST, !UID
CHW 2 fund | - | WIR franc | - | - | -
CLF 4 fund | - | Unidad de Fomento | - | - | -
CLP 0 | CLP$, $? | Chilean peso, peso? | Chilenischer Peso | peso chilien | Chile, Chili, Santiago, Valparaíso, !RUT
CNY 2 | RMB, CN¥, 元, ¥? | Chinese yuan, renminbi, yuan | Renminbi, Yuan | yuan, renminbi | China, People's Republic of China, PRC, Volksrepublik China, Chine, Beijing, Peking, Pékin, Shanghai, Shenzhen, Guangzhou, Hangzhou
COP 2 | COL$, Col$, $? | Colombian peso, peso? | Kolumbianischer Peso | peso colombien | Colombia, Kolumbien, Colombie, Bogotá, Bogota, Medellín, Cali, !NIT
COU 2 fund | - | Unidad de Valor Real | - | - | -
CRC 2 | ₡ | Costa Rican colón, colones | Costa-Rica-Colón | colón costaricien | -
CUP 2 | $? | Cuban peso, peso? | Kubanischer Peso | peso cubain | Cuba, Kuba, Havana, La Habana, La Havane
CVE 2 | - | Cape Verdean escudo, escudo | Kap-Verde-Escudo | escudo cap-verdien | -
CZK 2 | Kč | Czech koruna, koruny | Tschechische Krone | couronne tchèque | -
DJF 0 | Fdj, FDJ | Djiboutian franc, franc? | Dschibuti-Franc | franc djiboutien | Djibouti, Dschibuti
DKK 2 | kr.?, kr? | Danish krone, kroner?, krone? | Dänische Krone | couronne danoise | Denmark, Dänemark, Danemark, Danmark, Copenhagen, København, Kopenhagen, Copenhague, Aarhus, Odense, !CVR, !moms
DOP 2 | RD$, $? | Dominican peso, peso? | Dominikanischer Peso | peso dominicain | Dominican Republic, Dominikanische Republik, République dominicaine, Santo Domingo, Santiago de los Caballeros, !RNC, !ITBIS
DZD 2 | DA | Algerian dinar, dinar? | Algerischer Dinar | dinar algérien | Algeria, Algerien, Algérie, Alger, Algiers, Oran, Constantine
EGP 2 | E£, L.E. | Egyptian pound, pound? | Ägyptisches Pfund | livre égyptienne | Egypt, Ägypten, Égypte, Cairo, Kairo, Le Caire, Alexandria, Alexandrie
ERN 2 | Nfk | Eritrean nakfa, nakfa | Nakfa | nakfa | -
ETB 2 | ብር, Br? | Ethiopian birr, birr | Birr | birr éthiopien | Ethiopia, Äthiopien, Éthiopie, Addis Ababa, Addis-Abeba
EUR 2 | € | euro | Euro | euro | -
FJD 2 | FJ$, $? | Fijian dollar, Fiji dollar, dollar? | Fidschi-Dollar | dollar fidjien | Fiji, Fidschi, Fidji, Suva, Nadi, Lautoka, !FRCS, !TIN
FKP 2 | £? | Falkland Islands pound, pound? | Falkland-Pfund | livre des Malouines | Falkland Islands, Falklands, 
GBP 2 | £?!, GB£, £stg | pound sterling, British pound, sterling, pound?! | Pfund Sterling, Britisches Pfund | livre sterling | United Kingdom, UK, England, Scotland, Wales, Northern Ireland, London, Manchester, Edinburgh, Glasgow, Birmingham, !HMRC, !Companies House
GEL 2 | ₾ | Georgian lari, lari | Lari | lari géorgien | -
GHS 2 | GH₵, GH¢, GHc, ₵ | Ghanaian cedi, Ghana cedi, cedi | Cedi | cedi ghanéen, cedi | -
GIP 2 | £? | Gibraltar pound, pound? | Gibraltar-Pfund | livre de Gibraltar | Gibraltar
GMD 2 | D~ | Gambian dalasi, dalasi | Dalasi | dalasi | Gambia, Gambie, Banjul, Serrekunda, Serekunda, Brikama, Bakau, Kanifing, Basse, Farafenni, Janjanbureh, !GRA
GNF 0 | FG | Guinean franc, franc? | Guinea-Franc | franc guinéen | Guinea, Guinea-Conakry, Guinée, Conakry
GTQ 2 | Q~ | Guatemalan quetzal, quetzales | Quetzal | quetzal | Guatemala, Guatemala City, Ciudad de Guatemala, Quetzaltenango, Antigua Guatemala, Escuintla, Cobán, Mixco, Villa Nueva, Huehuetenango
GYD 2 | G$, GY$, $? | Guyanese dollar, Guyana dollar, dollar? | Guyana-Dollar | dollar guyanien | Guyana, 
HKD 2 | HK$, $? | Hong Kong dollar, dollar? | Hongkong-Dollar | dollar de Hong Kong | Hong Kong, Hongkong, Kowloon, Wan Chai, !BR No.
HNL 2 | L~ | Honduran lempira, lempira | Lempira | lempira | Honduras, Tegucigalpa, San Pedro Sula, La Ceiba, Choluteca, Comayagua, Roatán, Puerto Cortés
HTG 2 | G~ | Haitian gourde, gourde | Gourde | gourde haïtienne, gourde | Haiti, Haïti, Port-au-Prince, Cap-Haïtien, Pétion-Ville, !TCA, !NIF, !DGI
HUF 2 | Ft | Hungarian forint, forint | Forint | forint hongrois | -
IDR 2 | Rp | Indonesian rupiah, rupiah | Rupiah | roupie indonésienne | -
ILS 2 | ₪, NIS | Israeli new shekel, new shekel, shekel, shekalim | Schekel | shekel, nouveau shekel | -
INR 2 | ₹, Rs.?!, Rs?!, ₨?! | Indian rupee, rupee?! | Indische Rupie, Rupie?! | roupie indienne, roupie?! | India, Indien, Inde, Mumbai, Delhi, New Delhi, Bengaluru, Bangalore, Chennai, Hyderabad, Pune, Kolkata, !GSTIN, !CGST, !SGST, !IGST
IQD 3 | ع.د | Iraqi dinar, dinar? | Irakischer Dinar | dinar irakien | Iraq, Irak, Baghdad, Bagdad, Erbil
IRR 2 | ﷼ | Iranian rial | Iranischer Rial | rial iranien | -
ISK 0 | kr.?, kr? | Icelandic króna, krónur, krona? | Isländische Krone | couronne islandaise | Iceland, Island, Ísland, Islande, Reykjavík, Reykjavik, !kennitala, !VSK
JMD 2 | J$, JA$, $? | Jamaican dollar, dollar? | Jamaika-Dollar | dollar jamaïcain | Jamaica, Jamaika, Jamaïque, Kingston, Montego Bay, Spanish Town, !GCT, !TRN
JOD 3 | JD | Jordanian dinar, dinar? | Jordanischer Dinar | dinar jordanien | Jordanien, Jordanie, Amman
JPY 0 | ¥?!, ￥, 円, JP¥ | Japanese yen, yen | Yen | yen | -
KES 2 | KSh, Ksh, KShs, Kshs, Ksh. | Kenyan shilling, Kenya shilling, shilling?! | Kenia-Schilling | shilling kényan | Kenya, Kenia, Nairobi, Mombasa, Kisumu, !KRA
KGS 2 | сом | Kyrgyzstani som | Som | som kirghize | -
KHR 2 | ៛ | Cambodian riel, riel | Riel | riel cambodgien | -
KMF 0 | CF | Comorian franc, franc? | Komoren-Franc | franc comorien | Comoros, Komoren, Comores, Moroni
KPW 2 | ₩? | North Korean won | Nordkoreanischer Won | won nord-coréen | North Korea, Nordkorea, Corée du Nord, Pyongyang
KRW 0 | ₩?! | South Korean won, Korean won, won | Südkoreanischer Won, Won | won sud-coréen, won | -
KWD 3 | KD | Kuwaiti dinar, dinar? | Kuwait-Dinar | dinar koweïtien | Kuwait, Koweït, Kuwait City
KYD 2 | CI$, KY$, $? | Cayman Islands dollar, dollar? | Kaiman-Dollar | dollar des îles Caïmans | Cayman Islands, Caymans, Kaimaninseln, îles Caïmans, 
KZT 2 | ₸ | Kazakhstani tenge, tenge | Tenge | tenge kazakh | -
LAK 2 | ₭ | Lao kip, kip | Kip | kip laotien | -
LBP 2 | L£, LL | Lebanese pound, pound? | Libanesisches Pfund | livre libanaise | Lebanon, Libanon, Liban, Beirut, Beyrouth
LKR 2 | SLRs, Rs.?, Rs?, ₨? | Sri Lankan rupee, Sri Lanka rupee, rupee? | Sri-Lanka-Rupie, Rupie? | roupie srilankaise, roupie? | Sri Lanka, Colombo, Kandy, Galle, Negombo, Jaffna, Rajagiriya, !IRD, !SVAT
LRD 2 | L$, LD$, $? | Liberian dollar, dollar? | Liberianischer Dollar | dollar libérien | Liberia, Libéria, Monrovia
LSL 2 | M~, L~ | Lesotho loti, maloti | Loti | loti | Lesotho, Maseru, Mafeteng, Leribe, Berea, Teyateyaneng, Mohale's Hoek, Quthing, Butha-Buthe, Mokhotlong, Qacha's Nek, Thaba-Tseka, !LRA
LYD 3 | LD | Libyan dinar, dinar? | Libyscher Dinar | dinar libyen | Libya, Libyen, Libye, Tripoli, Benghazi
MAD 2 | DH, Dhs?! | Moroccan dirham, dirham?! | Marokkanischer Dirham | dirham marocain | Morocco, Marokko, Maroc, Rabat, Casablanca, Marrakech, Tanger, Fès, !ICE
MDL 2 | lei? | Moldovan leu | Moldauischer Leu | leu moldave | -
MGA 2 | Ar | Malagasy ariary, ariary | Ariary | ariary | -
MKD 2 | ден | Macedonian denar, denar | Denar | denar macédonien | -
MMK 2 | K~ | Myanmar kyat, kyat | Kyat | kyat | Myanmar, Burma, Birma, Birmanie, Yangon, Rangoon, Naypyidaw, Mandalay, Bago, Mawlamyine, Taunggyi, Sittwe, Myitkyina
MNT 2 | ₮ | Mongolian tögrög, tugrik | Tögrög | tugrik | -
MOP 2 | MOP$ | Macanese pataca, pataca | Pataca | pataca | -
MRU 2 | UM | Mauritanian ouguiya, ouguiya | Ouguiya | ouguiya | -
MUR 2 | Rs.?, Rs?, ₨? | Mauritian rupee, rupee? | Mauritius-Rupie, Rupie? | roupie mauricienne, roupie? | Mauritius, île Maurice, République de Maurice, Port Louis, Port-Louis, Ebène, Ébène, Quatre Bornes, Curepipe, !BRN, !MRA
MVR 2 | Rf | Maldivian rufiyaa, rufiyaa | Rufiyaa | rufiyaa | -
MWK 2 | MK, K~ | Malawian kwacha, kwacha? | Malawi-Kwacha | kwacha malawite | Malawi, Lilongwe, Blantyre, Zomba, Mzuzu, Mangochi, Kasungu
MXN 2 | MX$, Mex$, $? | Mexican peso, peso? | Mexikanischer Peso | peso mexicain | Mexico, México, Mexiko, Mexique, Ciudad de México, Monterrey, Guadalajara, !RFC, !CFDI
MXV 2 fund | - | Mexican Unidad de Inversion | - | - | -
MYR 2 | RM | Malaysian ringgit, ringgit | Ringgit | ringgit | -
MZN 2 | MT, MTn | Mozambican metical, meticais | Metical | metical | -
NAD 2 | N$, $? | Namibian dollar, dollar? | Namibia-Dollar | dollar namibien | Namibia, Namibie, Windhoek
NGN 2 | ₦, N~ | Nigerian naira, naira | Naira | naira | Nigeria, Nigéria, Lagos, Abuja, Ibadan, Port Harcourt, Kano, Enugu, Lekki, Ikeja, Victoria Island, Benin City, Kaduna, Owerri, Calabar, Uyo, Warri, Abeokuta, Ilorin, Onitsha, !FIRS
NIO 2 | C$? | Nicaraguan córdoba, córdoba oro | Córdoba Oro | córdoba | Nicaragua, Managua, 
NOK 2 | kr.?, kr? | Norwegian krone, kroner?, krone? | Norwegische Krone | couronne norvégienne | Norway, Norwegen, Norvège, Norge, Oslo, Bergen, Trondheim, Stavanger, !MVA, !Foretaksregisteret
NPR 2 | Rs.?, Rs?, ₨?, रु | Nepalese rupee, Nepali rupee, rupee? | Nepalesische Rupie, Rupie? | roupie népalaise, roupie? | Nepal, Népal, Kathmandu, Katmandu, Lalitpur, Pokhara, !IRD
NZD 2 | NZ$, $? | New Zealand dollar, dollar? | Neuseeland-Dollar | dollar néo-zélandais | New Zealand, Neuseeland, Nouvelle-Zélande, Auckland, Wellington, Christchurch, !NZBN
OMR 3 | RO | Omani rial | Omanischer Rial | rial omanais | -
PAB 2 | B/. | Panamanian balboa, balboa | Balboa | balboa | -
PEN 2 | S/, S/. | Peruvian sol, nuevo sol | Sol | sol péruvien | -
PGK 2 | K~ | Papua New Guinean kina, kina | Kina | kina | Papua New Guinea, Papua-Neuguinea, Papouasie-Nouvelle-Guinée, Port Moresby, Lae, Mount Hagen, Morobe, Madang, Eastern Highlands, Western Highlands, Southern Highlands, East New Britain, West New Britain, Goroka, Kokopo, Wewak, Enga, Bougainville, Milne Bay, Alotau, Kimbe, !IRC
PHP 2 | ₱, P~ | Philippine peso, peso?! | Philippinischer Peso | peso philippin | Philippines, Philippinen, Manila, Makati, Cebu, Quezon City, Taguig, !BIR
PKR 2 | Rs.?, Rs?, ₨? | Pakistani rupee, rupee? | Pakistanische Rupie, Rupie? | roupie pakistanaise, roupie? | Pakistan, Karachi, Lahore, Islamabad, Rawalpindi, Faisalabad, !NTN, !FBR, !SECP, !STRN
PLN 2 | zł | Polish złoty, Polish zloty, złoty, zloty, złotych | Złoty, Zloty | zloty | -
PYG 0 | ₲ | Paraguayan guaraní, guaraní | Guaraní | guarani | -
QAR 2 | QR | Qatari riyal | Katar-Riyal | riyal qatari | -
RON 2 | lei?! | Romanian leu, lei? | Rumänischer Leu | leu roumain | Romania, Rumänien, Roumanie, Bucharest, Bukarest, Bucarest, Cluj-Napoca
RSD 2 | din. | Serbian dinar, dinar? | Serbischer Dinar | dinar serbe | Serbia, Serbien, Serbie, Belgrade, Belgrad, Novi Sad
RUB 2 | ₽ | Russian ruble, Russian rouble, ruble, rouble | Russischer Rubel, Rubel | rouble russe, rouble | -
RWF 0 | FRw, RF, Frw | Rwandan franc, franc? | Ruanda-Franc | franc rwandais | Rwanda, Ruanda, Kigali
SAR 2 | - | Saudi riyal | Saudi-Riyal | riyal saoudien | -
SBD 2 | SI$, $? | Solomon Islands dollar, dollar? | Salomonen-Dollar | dollar des îles Salomon | Solomon Islands, Salomonen, îles Salomon, Honiara
SCR 2 | Rs.?, Rs?, ₨? | Seychellois rupee, rupee? | Seychellen-Rupie, Rupie? | roupie seychelloise, roupie? | Seychelles, Seychellen, Mahé, Praslin
SDG 2 | - | Sudanese pound, pound? | Sudanesisches Pfund | livre soudanaise | Sudan, Soudan, Khartoum, Khartum
SEK 2 | kr?, kr.? | Swedish krona, kronor, krona? | Schwedische Krone | couronne suédoise | Sweden, Schweden, Suède, Sverige, Stockholm, Göteborg, Gothenburg, Malmö, Uppsala, !moms, !org.nr
SGD 2 | S$, SG$, $? | Singapore dollar, dollar? | Singapur-Dollar | dollar de Singapour | Singapore, Singapur, Singapour, !UEN, !GST Reg
SHP 2 | £? | Saint Helena pound, pound? | St.-Helena-Pfund | livre de Sainte-Hélène | Saint Helena, St Helena, 
SLE 2 | Le | Sierra Leonean leone, leone | Leone | leone | -
SOS 2 | Sh.So. | Somali shilling, shilling? | Somalia-Schilling | shilling somalien | Somalia, Somalie, Mogadishu, Mogadiscio, Hargeisa
SRD 2 | SR$, Sr$, $? | Surinamese dollar, dollar? | Suriname-Dollar | dollar surinamais | Suriname, Paramaribo
SSP 2 | SS£, £? | South Sudanese pound, pound? | Südsudanesisches Pfund | livre sud-soudanaise | South Sudan, Südsudan, Soudan du Sud, Juba
STN 2 | Db | São Tomé and Príncipe dobra, dobra | Dobra | dobra | -
SVC 2 | - | Salvadoran colón | El-Salvador-Colón | colón salvadorien | -
SYP 2 | £S | Syrian pound, pound? | Syrisches Pfund | livre syrienne | Syria, Syrien, Syrie, Damascus, Damaskus, Damas, Aleppo, Alep
SZL 2 | E~ | Swazi lilangeni, emalangeni | Lilangeni | lilangeni | Eswatini, Swaziland, Swasiland, Mbabane, Manzini, Matsapha, Hhohho, Lubombo, Shiselweni, Ezulwini, Nhlangano, Siteki, !SRA
THB 2 | ฿ | Thai baht, baht | Baht | baht | -
TJS 2 | SM | Tajikistani somoni, somoni | Somoni | somoni | -
TMT 2 | - | Turkmenistan manat | Turkmenistan-Manat | manat turkmène | -
TND 3 | DT | Tunisian dinar, dinar? | Tunesischer Dinar | dinar tunisien | Tunisia, Tunesien, Tunisie, Tunis, Sfax, Sousse, !matricule fiscal
TOP 2 | T$ | Tongan paʻanga, pa'anga, paanga | Paʻanga | pa'anga | -
TRY 2 | ₺, TL | Turkish lira, lira | Türkische Lira | livre turque | -
TTD 2 | TT$, $? | Trinidad and Tobago dollar, TT dollar, dollar? | Trinidad-und-Tobago-Dollar | dollar de Trinité-et-Tobago | Trinidad, Tobago, Trinidad and Tobago, Trinité-et-Tobago, Port of Spain, Port-of-Spain, Chaguanas, !BIR No.
TWD 2 | NT$, $? | New Taiwan dollar, Taiwan dollar, dollar? | Neuer Taiwan-Dollar | nouveau dollar de Taïwan | Taiwan, Taïwan, Taipei, Taipeh, Taïpei, Kaohsiung, Hsinchu, Taichung
TZS 2 | TSh, TShs, Tsh | Tanzanian shilling, shilling? | Tansania-Schilling | shilling tanzanien | Tanzania, Tansania, Tanzanie, Dar es Salaam, Dodoma, Arusha, Zanzibar, !TRA
UAH 2 | ₴, грн | Ukrainian hryvnia, hryvnia | Hrywnja | hryvnia | -
UGX 0 | USh, UShs, Ush | Ugandan shilling, Uganda shilling, shilling? | Uganda-Schilling | shilling ougandais | Uganda, Ouganda, Kampala, Entebbe, Jinja, !URA
USD 2 | US$, U.S.$, USD$, $?! | US dollar, U.S. dollar, United States dollar, American dollar, dollar?! | US-Dollar | dollar américain, dollar US | United States, United States of America, U.S.A., USA, Vereinigte Staaten, États-Unis, Puerto Rico, Porto Rico, !IRS, !IVU, !EIN, !Form W-9
USN 2 fund | - | US dollar next day | - | - | -
UYI 0 fund | - | Uruguay Peso en Unidades Indexadas | - | - | -
UYU 2 | UY$, $? | Uruguayan peso, peso? | Uruguayischer Peso | peso uruguayen | Uruguay, Montevideo, !RUT
UYW 4 fund | - | Unidad Previsional | - | - | -
UZS 2 | soʻm | Uzbekistani som | Usbekistan-Sum | sum ouzbek | -
VED 2 | Bs.D | Venezuelan digital bolívar | Digitaler Bolívar | bolívar numérique | -
VES 2 | Bs.S | Venezuelan bolívar, bolívar soberano, bolívares | Bolívar | bolívar vénézuélien | Venezuela, Caracas, Maracaibo, 
VND 0 | ₫ | Vietnamese đồng, Vietnamese dong, dong | Dong | dong vietnamien | -
VUV 0 | VT | Vanuatu vatu, vatu | Vatu | vatu | -
WST 2 | WS$ | Samoan tala, tala | Tala | tala | -
XAF 0 | FCFA?, F CFA?, CFA? | Central African CFA franc, franc CFA?, CFA franc? | CFA-Franc BEAC | franc CFA BEAC, franc CFA? | Cameroon, Kamerun, Cameroun, Gabon, Tschad, Tchad, Central African Republic, Centrafrique, Republic of the Congo, Congo-Brazzaville, Congo, Equatorial Guinea, Äquatorialguinea, Guinée équatoriale, Douala, Yaoundé, Libreville, Port-Gentil, N'Djamena, Bangui, Brazzaville, Pointe-Noire, Malabo, !CEMAC, !BEAC, !NIU
XCD 2 | EC$, $? | East Caribbean dollar, Eastern Caribbean dollar, dollar? | Ostkaribischer Dollar | dollar des Caraïbes orientales | Antigua, Barbuda, Dominica, Grenada, Saint Kitts, Nevis, Saint Lucia, St Lucia, Saint Vincent, St Vincent, Anguilla, Montserrat, Castries, St. John's, Roseau, Basseterre, Kingstown
XCG 2 | Cg | Caribbean guilder | Karibischer Gulden | florin caribéen | -
XOF 0 | FCFA?!, F CFA?!, CFA?! | West African CFA franc, franc CFA?!, CFA franc?! | CFA-Franc BCEAO | franc CFA BCEAO, franc CFA?! | Senegal, Sénégal, Côte d'Ivoire, Ivory Coast, Elfenbeinküste, Mali, Burkina Faso, Niger, Togo, Benin, Bénin, Guinea-Bissau, Guinée-Bissau, Dakar, Abidjan, Bamako, Ouagadougou, Niamey, Lomé, Cotonou, Porto-Novo, Bissau, !UEMOA, !BCEAO, !NINEA
XPF 0 | CFP, F CFP | CFP franc, franc? | CFP-Franc | franc Pacifique, franc CFP | French Polynesia, New Caledonia, Polynésie française, Nouvelle-Calédonie, Papeete, Nouméa, 
YER 2 | YR | Yemeni rial | Jemen-Rial | rial yéménite | -
ZAR 2 | R | South African rand, rand | Rand | rand sud-africain, rand | -
ZMW 2 | ZK, K~ | Zambian kwacha, kwacha? | Sambischer Kwacha | kwacha zambien | Zambia, Sambia, Zambie, Lusaka, Ndola, Kitwe, Copperbelt, Livingstone, Kabwe, Chingola, Mufulira, Solwezi, Chipata, !ZRA
ZWG 2 | ZiG | Zimbabwe Gold | Zimbabwe Gold | or du Zimbabwe | -
`;

export interface IsoCurrency {
  code: string;
  minorUnits: number;
  /** A fund or unit of account (CHE, USN ...): an ISO code, never a contract's currency. */
  fund: boolean;
  /** Forms next to an amount; `shared` forms name several currencies, `default` the one they meant before. */
  symbols: Array<{ form: string; shared: boolean; default: boolean }>;
  /** Letter symbols ("P", "E", "K", "Ks"): money only where the document names the country (`evidence`). */
  letters: string[];
  names: { en: NameForm[]; de: NameForm[]; fr: NameForm[] };
  /** Words that place a document in the currency's country; `strong` for tax and registration forms. */
  evidence: Array<{ term: string; strong: boolean }>;
}
export interface NameForm {
  name: string;
  shared: boolean;
  default: boolean;
}

const list = (field: string | undefined): string[] =>
  !field || field.trim() === '-'
    ? []
    : field
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
const marked = (s: string): NameForm => {
  const dflt = s.endsWith('?!');
  const shared = dflt || s.endsWith('?');
  return { name: shared ? s.replace(/\?!?$/, '') : s, shared, default: dflt };
};

function parse(table: string): IsoCurrency[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [head = '', symbols, en, de, fr, evidence] = line.split(' | ');
      const [code = '', minor = '', fund] = head.split(' ');
      return {
        code,
        minorUnits: Number(minor),
        fund: fund === 'fund',
        symbols: list(symbols)
          .filter((s) => !s.endsWith('~'))
          .map((s) => {
            const m = marked(s);
            return { form: m.name, shared: m.shared, default: m.default };
          }),
        letters: list(symbols)
          .filter((s) => s.endsWith('~'))
          .map((s) => s.slice(0, -1)),
        names: { en: list(en).map(marked), de: list(de).map(marked), fr: list(fr).map(marked) },
        evidence: list(evidence).map((t) => ({ term: t.replace(/^!/, ''), strong: t.startsWith('!') })),
      };
    });
}

/** Every active ISO 4217 currency with minor units, in code order. */
export const ISO_4217: readonly IsoCurrency[] = Object.freeze(parse(TABLE));
/** The same, by code. */
export const ISO_BY_CODE: ReadonlyMap<string, IsoCurrency> = new Map(ISO_4217.map((c) => [c.code, c]));
