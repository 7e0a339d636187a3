/*
 * ISO 3166-1 countries and the many ways order exports spell them.
 *
 * Every spelling (alpha-2, alpha-3, ISO short name, alias) is folded by
 * normalise() into a key and the keys are sorted once; a lookup folds
 * its text into a stack buffer and binary-searches.  Importers call
 * country_code() for every order line, so it must neither allocate nor
 * scan the table.
 *
 * The country table follows the ISO 3166-1 short names as Debian's
 * iso-codes package writes them.  Spellings that are not countries
 * ("Channel Islands" is Jersey or Guernsey, "European Community",
 * "Unspecified") are deliberately absent so that they come back NULL
 * rather than as a guess.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"

/*
 * Longer than any spelling in the tables (the longest, GB's official
 * name, is 52 bytes); anything that does not fit cannot match.
 */
#define KEYMAX	64

struct country {
	const char	*alpha2;
	const char	*alpha3;
	const char	*name;
};

struct alias {
	const char	*text;
	const char	*alpha2;
};

struct key {
	char		 text[KEYMAX];
	const char	*alpha2;
};

/* Sorted by alpha-2 code: country_name() searches it directly. */
static const struct country countries[] = {
	{ "AD", "AND", "Andorra" },
	{ "AE", "ARE", "United Arab Emirates" },
	{ "AF", "AFG", "Afghanistan" },
	{ "AG", "ATG", "Antigua and Barbuda" },
	{ "AI", "AIA", "Anguilla" },
	{ "AL", "ALB", "Albania" },
	{ "AM", "ARM", "Armenia" },
	{ "AO", "AGO", "Angola" },
	{ "AQ", "ATA", "Antarctica" },
	{ "AR", "ARG", "Argentina" },
	{ "AS", "ASM", "American Samoa" },
	{ "AT", "AUT", "Austria" },
	{ "AU", "AUS", "Australia" },
	{ "AW", "ABW", "Aruba" },
	{ "AX", "ALA", "Åland Islands" },
	{ "AZ", "AZE", "Azerbaijan" },
	{ "BA", "BIH", "Bosnia and Herzegovina" },
	{ "BB", "BRB", "Barbados" },
	{ "BD", "BGD", "Bangladesh" },
	{ "BE", "BEL", "Belgium" },
	{ "BF", "BFA", "Burkina Faso" },
	{ "BG", "BGR", "Bulgaria" },
	{ "BH", "BHR", "Bahrain" },
	{ "BI", "BDI", "Burundi" },
	{ "BJ", "BEN", "Benin" },
	{ "BL", "BLM", "Saint Barthélemy" },
	{ "BM", "BMU", "Bermuda" },
	{ "BN", "BRN", "Brunei Darussalam" },
	{ "BO", "BOL", "Bolivia, Plurinational State of" },
	{ "BQ", "BES", "Bonaire, Sint Eustatius and Saba" },
	{ "BR", "BRA", "Brazil" },
	{ "BS", "BHS", "Bahamas" },
	{ "BT", "BTN", "Bhutan" },
	{ "BV", "BVT", "Bouvet Island" },
	{ "BW", "BWA", "Botswana" },
	{ "BY", "BLR", "Belarus" },
	{ "BZ", "BLZ", "Belize" },
	{ "CA", "CAN", "Canada" },
	{ "CC", "CCK", "Cocos (Keeling) Islands" },
	{ "CD", "COD", "Congo, The Democratic Republic of the" },
	{ "CF", "CAF", "Central African Republic" },
	{ "CG", "COG", "Congo" },
	{ "CH", "CHE", "Switzerland" },
	{ "CI", "CIV", "Côte d'Ivoire" },
	{ "CK", "COK", "Cook Islands" },
	{ "CL", "CHL", "Chile" },
	{ "CM", "CMR", "Cameroon" },
	{ "CN", "CHN", "China" },
	{ "CO", "COL", "Colombia" },
	{ "CR", "CRI", "Costa Rica" },
	{ "CU", "CUB", "Cuba" },
	{ "CV", "CPV", "Cabo Verde" },
	{ "CW", "CUW", "Curaçao" },
	{ "CX", "CXR", "Christmas Island" },
	{ "CY", "CYP", "Cyprus" },
	{ "CZ", "CZE", "Czechia" },
	{ "DE", "DEU", "Germany" },
	{ "DJ", "DJI", "Djibouti" },
	{ "DK", "DNK", "Denmark" },
	{ "DM", "DMA", "Dominica" },
	{ "DO", "DOM", "Dominican Republic" },
	{ "DZ", "DZA", "Algeria" },
	{ "EC", "ECU", "Ecuador" },
	{ "EE", "EST", "Estonia" },
	{ "EG", "EGY", "Egypt" },
	{ "EH", "ESH", "Western Sahara" },
	{ "ER", "ERI", "Eritrea" },
	{ "ES", "ESP", "Spain" },
	{ "ET", "ETH", "Ethiopia" },
	{ "FI", "FIN", "Finland" },
	{ "FJ", "FJI", "Fiji" },
	{ "FK", "FLK", "Falkland Islands (Malvinas)" },
	{ "FM", "FSM", "Micronesia, Federated States of" },
	{ "FO", "FRO", "Faroe Islands" },
	{ "FR", "FRA", "France" },
	{ "GA", "GAB", "Gabon" },
	{ "GB", "GBR", "United Kingdom" },
	{ "GD", "GRD", "Grenada" },
	{ "GE", "GEO", "Georgia" },
	{ "GF", "GUF", "French Guiana" },
	{ "GG", "GGY", "Guernsey" },
	{ "GH", "GHA", "Ghana" },
	{ "GI", "GIB", "Gibraltar" },
	{ "GL", "GRL", "Greenland" },
	{ "GM", "GMB", "Gambia" },
	{ "GN", "GIN", "Guinea" },
	{ "GP", "GLP", "Guadeloupe" },
	{ "GQ", "GNQ", "Equatorial Guinea" },
	{ "GR", "GRC", "Greece" },
	{ "GS", "SGS", "South Georgia and the South Sandwich Islands" },
	{ "GT", "GTM", "Guatemala" },
	{ "GU", "GUM", "Guam" },
	{ "GW", "GNB", "Guinea-Bissau" },
	{ "GY", "GUY", "Guyana" },
	{ "HK", "HKG", "Hong Kong" },
	{ "HM", "HMD", "Heard Island and McDonald Islands" },
	{ "HN", "HND", "Honduras" },
	{ "HR", "HRV", "Croatia" },
	{ "HT", "HTI", "Haiti" },
	{ "HU", "HUN", "Hungary" },
	{ "ID", "IDN", "Indonesia" },
	{ "IE", "IRL", "Ireland" },
	{ "IL", "ISR", "Israel" },
	{ "IM", "IMN", "Isle of Man" },
	{ "IN", "IND", "India" },
	{ "IO", "IOT", "British Indian Ocean Territory" },
	{ "IQ", "IRQ", "Iraq" },
	{ "IR", "IRN", "Iran, Islamic Republic of" },
	{ "IS", "ISL", "Iceland" },
	{ "IT", "ITA", "Italy" },
	{ "JE", "JEY", "Jersey" },
	{ "JM", "JAM", "Jamaica" },
	{ "JO", "JOR", "Jordan" },
	{ "JP", "JPN", "Japan" },
	{ "KE", "KEN", "Kenya" },
	{ "KG", "KGZ", "Kyrgyzstan" },
	{ "KH", "KHM", "Cambodia" },
	{ "KI", "KIR", "Kiribati" },
	{ "KM", "COM", "Comoros" },
	{ "KN", "KNA", "Saint Kitts and Nevis" },
	{ "KP", "PRK", "Korea, Democratic People's Republic of" },
	{ "KR", "KOR", "Korea, Republic of" },
	{ "KW", "KWT", "Kuwait" },
	{ "KY", "CYM", "Cayman Islands" },
	{ "KZ", "KAZ", "Kazakhstan" },
	{ "LA", "LAO", "Lao People's Democratic Republic" },
	{ "LB", "LBN", "Lebanon" },
	{ "LC", "LCA", "Saint Lucia" },
	{ "LI", "LIE", "Liechtenstein" },
	{ "LK", "LKA", "Sri Lanka" },
	{ "LR", "LBR", "Liberia" },
	{ "LS", "LSO", "Lesotho" },
	{ "LT", "LTU", "Lithuania" },
	{ "LU", "LUX", "Luxembourg" },
	{ "LV", "LVA", "Latvia" },
	{ "LY", "LBY", "Libya" },
	{ "MA", "MAR", "Morocco" },
	{ "MC", "MCO", "Monaco" },
	{ "MD", "MDA", "Moldova, Republic of" },
	{ "ME", "MNE", "Montenegro" },
	{ "MF", "MAF", "Saint Martin (French part)" },
	{ "MG", "MDG", "Madagascar" },
	{ "MH", "MHL", "Marshall Islands" },
	{ "MK", "MKD", "North Macedonia" },
	{ "ML", "MLI", "Mali" },
	{ "MM", "MMR", "Myanmar" },
	{ "MN", "MNG", "Mongolia" },
	{ "MO", "MAC", "Macao" },
	{ "MP", "MNP", "Northern Mariana Islands" },
	{ "MQ", "MTQ", "Martinique" },
	{ "MR", "MRT", "Mauritania" },
	{ "MS", "MSR", "Montserrat" },
	{ "MT", "MLT", "Malta" },
	{ "MU", "MUS", "Mauritius" },
	{ "MV", "MDV", "Maldives" },
	{ "MW", "MWI", "Malawi" },
	{ "MX", "MEX", "Mexico" },
	{ "MY", "MYS", "Malaysia" },
	{ "MZ", "MOZ", "Mozambique" },
	{ "NA", "NAM", "Namibia" },
	{ "NC", "NCL", "New Caledonia" },
	{ "NE", "NER", "Niger" },
	{ "NF", "NFK", "Norfolk Island" },
	{ "NG", "NGA", "Nigeria" },
	{ "NI", "NIC", "Nicaragua" },
	{ "NL", "NLD", "Netherlands" },
	{ "NO", "NOR", "Norway" },
	{ "NP", "NPL", "Nepal" },
	{ "NR", "NRU", "Nauru" },
	{ "NU", "NIU", "Niue" },
	{ "NZ", "NZL", "New Zealand" },
	{ "OM", "OMN", "Oman" },
	{ "PA", "PAN", "Panama" },
	{ "PE", "PER", "Peru" },
	{ "PF", "PYF", "French Polynesia" },
	{ "PG", "PNG", "Papua New Guinea" },
	{ "PH", "PHL", "Philippines" },
	{ "PK", "PAK", "Pakistan" },
	{ "PL", "POL", "Poland" },
	{ "PM", "SPM", "Saint Pierre and Miquelon" },
	{ "PN", "PCN", "Pitcairn" },
	{ "PR", "PRI", "Puerto Rico" },
	{ "PS", "PSE", "Palestine, State of" },
	{ "PT", "PRT", "Portugal" },
	{ "PW", "PLW", "Palau" },
	{ "PY", "PRY", "Paraguay" },
	{ "QA", "QAT", "Qatar" },
	{ "RE", "REU", "Réunion" },
	{ "RO", "ROU", "Romania" },
	{ "RS", "SRB", "Serbia" },
	{ "RU", "RUS", "Russian Federation" },
	{ "RW", "RWA", "Rwanda" },
	{ "SA", "SAU", "Saudi Arabia" },
	{ "SB", "SLB", "Solomon Islands" },
	{ "SC", "SYC", "Seychelles" },
	{ "SD", "SDN", "Sudan" },
	{ "SE", "SWE", "Sweden" },
	{ "SG", "SGP", "Singapore" },
	{ "SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha" },
	{ "SI", "SVN", "Slovenia" },
	{ "SJ", "SJM", "Svalbard and Jan Mayen" },
	{ "SK", "SVK", "Slovakia" },
	{ "SL", "SLE", "Sierra Leone" },
	{ "SM", "SMR", "San Marino" },
	{ "SN", "SEN", "Senegal" },
	{ "SO", "SOM", "Somalia" },
	{ "SR", "SUR", "Suriname" },
	{ "SS", "SSD", "South Sudan" },
	{ "ST", "STP", "Sao Tome and Principe" },
	{ "SV", "SLV", "El Salvador" },
	{ "SX", "SXM", "Sint Maarten (Dutch part)" },
	{ "SY", "SYR", "Syrian Arab Republic" },
	{ "SZ", "SWZ", "Eswatini" },
	{ "TC", "TCA", "Turks and Caicos Islands" },
	{ "TD", "TCD", "Chad" },
	{ "TF", "ATF", "French Southern Territories" },
	{ "TG", "TGO", "Togo" },
	{ "TH", "THA", "Thailand" },
	{ "TJ", "TJK", "Tajikistan" },
	{ "TK", "TKL", "Tokelau" },
	{ "TL", "TLS", "Timor-Leste" },
	{ "TM", "TKM", "Turkmenistan" },
	{ "TN", "TUN", "Tunisia" },
	{ "TO", "TON", "Tonga" },
	{ "TR", "TUR", "Türkiye" },
	{ "TT", "TTO", "Trinidad and Tobago" },
	{ "TV", "TUV", "Tuvalu" },
	{ "TW", "TWN", "Taiwan, Province of China" },
	{ "TZ", "TZA", "Tanzania, United Republic of" },
	{ "UA", "UKR", "Ukraine" },
	{ "UG", "UGA", "Uganda" },
	{ "UM", "UMI", "United States Minor Outlying Islands" },
	{ "US", "USA", "United States" },
	{ "UY", "URY", "Uruguay" },
	{ "UZ", "UZB", "Uzbekistan" },
	{ "VA", "VAT", "Holy See (Vatican City State)" },
	{ "VC", "VCT", "Saint Vincent and the Grenadines" },
	{ "VE", "VEN", "Venezuela, Bolivarian Republic of" },
	{ "VG", "VGB", "Virgin Islands, British" },
	{ "VI", "VIR", "Virgin Islands, U.S." },
	{ "VN", "VNM", "Viet Nam" },
	{ "VU", "VUT", "Vanuatu" },
	{ "WF", "WLF", "Wallis and Futuna" },
	{ "WS", "WSM", "Samoa" },
	{ "YE", "YEM", "Yemen" },
	{ "YT", "MYT", "Mayotte" },
	{ "ZA", "ZAF", "South Africa" },
	{ "ZM", "ZMB", "Zambia" },
	{ "ZW", "ZWE", "Zimbabwe" },
};

/* ISO's common and official names for the same countries. */
static const struct alias iso_aliases[] = {
	{ "Principality of Andorra", "AD" },
	{ "Islamic Republic of Afghanistan", "AF" },
	{ "Republic of Albania", "AL" },
	{ "Republic of Armenia", "AM" },
	{ "Republic of Angola", "AO" },
	{ "Argentine Republic", "AR" },
	{ "Republic of Austria", "AT" },
	{ "Republic of Azerbaijan", "AZ" },
	{ "Republic of Bosnia and Herzegovina", "BA" },
	{ "People's Republic of Bangladesh", "BD" },
	{ "Kingdom of Belgium", "BE" },
	{ "Republic of Bulgaria", "BG" },
	{ "Kingdom of Bahrain", "BH" },
	{ "Republic of Burundi", "BI" },
	{ "Republic of Benin", "BJ" },
	{ "Bolivia", "BO" },
	{ "Plurinational State of Bolivia", "BO" },
	{ "Federative Republic of Brazil", "BR" },
	{ "Commonwealth of the Bahamas", "BS" },
	{ "Kingdom of Bhutan", "BT" },
	{ "Republic of Botswana", "BW" },
	{ "Republic of Belarus", "BY" },
	{ "Republic of the Congo", "CG" },
	{ "Swiss Confederation", "CH" },
	{ "Republic of Côte d'Ivoire", "CI" },
	{ "Republic of Chile", "CL" },
	{ "Republic of Cameroon", "CM" },
	{ "People's Republic of China", "CN" },
	{ "Republic of Colombia", "CO" },
	{ "Republic of Costa Rica", "CR" },
	{ "Republic of Cuba", "CU" },
	{ "Republic of Cabo Verde", "CV" },
	{ "Republic of Cyprus", "CY" },
	{ "Czech Republic", "CZ" },
	{ "Federal Republic of Germany", "DE" },
	{ "Republic of Djibouti", "DJ" },
	{ "Kingdom of Denmark", "DK" },
	{ "Commonwealth of Dominica", "DM" },
	{ "People's Democratic Republic of Algeria", "DZ" },
	{ "Republic of Ecuador", "EC" },
	{ "Republic of Estonia", "EE" },
	{ "Arab Republic of Egypt", "EG" },
	{ "the State of Eritrea", "ER" },
	{ "Kingdom of Spain", "ES" },
	{ "Federal Democratic Republic of Ethiopia", "ET" },
	{ "Republic of Finland", "FI" },
	{ "Republic of Fiji", "FJ" },
	{ "Federated States of Micronesia", "FM" },
	{ "French Republic", "FR" },
	{ "Gabonese Republic", "GA" },
	{ "United Kingdom of Great Britain and Northern Ireland", "GB" },
	{ "Republic of Ghana", "GH" },
	{ "Republic of the Gambia", "GM" },
	{ "Republic of Guinea", "GN" },
	{ "Republic of Equatorial Guinea", "GQ" },
	{ "Hellenic Republic", "GR" },
	{ "Republic of Guatemala", "GT" },
	{ "Republic of Guinea-Bissau", "GW" },
	{ "Republic of Guyana", "GY" },
	{ "Hong Kong Special Administrative Region of China", "HK" },
	{ "Republic of Honduras", "HN" },
	{ "Republic of Croatia", "HR" },
	{ "Republic of Haiti", "HT" },
	{ "Republic of Indonesia", "ID" },
	{ "State of Israel", "IL" },
	{ "Republic of India", "IN" },
	{ "Republic of Iraq", "IQ" },
	{ "Iran", "IR" },
	{ "Islamic Republic of Iran", "IR" },
	{ "Republic of Iceland", "IS" },
	{ "Italian Republic", "IT" },
	{ "Hashemite Kingdom of Jordan", "JO" },
	{ "Republic of Kenya", "KE" },
	{ "Kyrgyz Republic", "KG" },
	{ "Kingdom of Cambodia", "KH" },
	{ "Republic of Kiribati", "KI" },
	{ "Union of the Comoros", "KM" },
	{ "North Korea", "KP" },
	{ "Democratic People's Republic of Korea", "KP" },
	{ "South Korea", "KR" },
	{ "State of Kuwait", "KW" },
	{ "Republic of Kazakhstan", "KZ" },
	{ "Laos", "LA" },
	{ "Lebanese Republic", "LB" },
	{ "Principality of Liechtenstein", "LI" },
	{ "Democratic Socialist Republic of Sri Lanka", "LK" },
	{ "Republic of Liberia", "LR" },
	{ "Kingdom of Lesotho", "LS" },
	{ "Republic of Lithuania", "LT" },
	{ "Grand Duchy of Luxembourg", "LU" },
	{ "Republic of Latvia", "LV" },
	{ "Kingdom of Morocco", "MA" },
	{ "Principality of Monaco", "MC" },
	{ "Moldova", "MD" },
	{ "Republic of Moldova", "MD" },
	{ "Republic of Madagascar", "MG" },
	{ "Republic of the Marshall Islands", "MH" },
	{ "Republic of North Macedonia", "MK" },
	{ "Republic of Mali", "ML" },
	{ "Republic of Myanmar", "MM" },
	{ "Macao Special Administrative Region of China", "MO" },
	{ "Commonwealth of the Northern Mariana Islands", "MP" },
	{ "Islamic Republic of Mauritania", "MR" },
	{ "Republic of Malta", "MT" },
	{ "Republic of Mauritius", "MU" },
	{ "Republic of Maldives", "MV" },
	{ "Republic of Malawi", "MW" },
	{ "United Mexican States", "MX" },
	{ "Republic of Mozambique", "MZ" },
	{ "Republic of Namibia", "NA" },
	{ "Republic of the Niger", "NE" },
	{ "Federal Republic of Nigeria", "NG" },
	{ "Republic of Nicaragua", "NI" },
	{ "Kingdom of the Netherlands", "NL" },
	{ "Kingdom of Norway", "NO" },
	{ "Federal Democratic Republic of Nepal", "NP" },
	{ "Republic of Nauru", "NR" },
	{ "Sultanate of Oman", "OM" },
	{ "Republic of Panama", "PA" },
	{ "Republic of Peru", "PE" },
	{ "Independent State of Papua New Guinea", "PG" },
	{ "Republic of the Philippines", "PH" },
	{ "Islamic Republic of Pakistan", "PK" },
	{ "Republic of Poland", "PL" },
	{ "the State of Palestine", "PS" },
	{ "Portuguese Republic", "PT" },
	{ "Republic of Palau", "PW" },
	{ "Republic of Paraguay", "PY" },
	{ "State of Qatar", "QA" },
	{ "Republic of Serbia", "RS" },
	{ "Rwandese Republic", "RW" },
	{ "Kingdom of Saudi Arabia", "SA" },
	{ "Republic of Seychelles", "SC" },
	{ "Republic of the Sudan", "SD" },
	{ "Kingdom of Sweden", "SE" },
	{ "Republic of Singapore", "SG" },
	{ "Republic of Slovenia", "SI" },
	{ "Slovak Republic", "SK" },
	{ "Republic of Sierra Leone", "SL" },
	{ "Republic of San Marino", "SM" },
	{ "Republic of Senegal", "SN" },
	{ "Federal Republic of Somalia", "SO" },
	{ "Republic of Suriname", "SR" },
	{ "Republic of South Sudan", "SS" },
	{ "Democratic Republic of Sao Tome and Principe", "ST" },
	{ "Republic of El Salvador", "SV" },
	{ "Syria", "SY" },
	{ "Kingdom of Eswatini", "SZ" },
	{ "Republic of Chad", "TD" },
	{ "Togolese Republic", "TG" },
	{ "Kingdom of Thailand", "TH" },
	{ "Republic of Tajikistan", "TJ" },
	{ "Democratic Republic of Timor-Leste", "TL" },
	{ "Republic of Tunisia", "TN" },
	{ "Kingdom of Tonga", "TO" },
	{ "Republic of Türkiye", "TR" },
	{ "Republic of Trinidad and Tobago", "TT" },
	{ "Taiwan", "TW" },
	{ "Tanzania", "TZ" },
	{ "United Republic of Tanzania", "TZ" },
	{ "Republic of Uganda", "UG" },
	{ "United States of America", "US" },
	{ "Eastern Republic of Uruguay", "UY" },
	{ "Republic of Uzbekistan", "UZ" },
	{ "Venezuela", "VE" },
	{ "Bolivarian Republic of Venezuela", "VE" },
	{ "British Virgin Islands", "VG" },
	{ "Virgin Islands of the United States", "VI" },
	{ "Vietnam", "VN" },
	{ "Socialist Republic of Viet Nam", "VN" },
	{ "Republic of Vanuatu", "VU" },
	{ "Independent State of Samoa", "WS" },
	{ "Republic of Yemen", "YE" },
	{ "Republic of South Africa", "ZA" },
	{ "Republic of Zambia", "ZM" },
	{ "Republic of Zimbabwe", "ZW" },
};

/*
 * Spellings seen in marketplace and retail exports.  Matching already
 * ignores case, dots, hyphens and extra blanks, so "U.S.A." and
 * "Guinea Bissau" need no entries of their own; accented names are
 * listed both with and without their accents because exports strip
 * them inconsistently.
 */
static const struct alias aliases[] = {
	/* The home nations and other names for the United Kingdom. */
	{ "UK", "GB" },
	{ "Great Britain", "GB" },
	{ "Britain", "GB" },
	{ "England", "GB" },
	{ "Scotland", "GB" },
	{ "Wales", "GB" },
	{ "Northern Ireland", "GB" },

	{ "America", "US" },
	{ "United States of America", "US" },

	{ "EIRE", "IE" },
	{ "Éire", "IE" },
	{ "Republic of Ireland", "IE" },

	{ "RSA", "ZA" },

	/* Names in the country's own language. */
	{ "Deutschland", "DE" },
	{ "España", "ES" },
	{ "Espana", "ES" },
	{ "Brasil", "BR" },
	{ "Österreich", "AT" },
	{ "Oesterreich", "AT" },
	{ "Schweiz", "CH" },
	{ "Suisse", "CH" },
	{ "Svizzera", "CH" },
	{ "Italia", "IT" },
	{ "Belgique", "BE" },
	{ "België", "BE" },
	{ "Belgie", "BE" },
	{ "Nederland", "NL" },
	{ "Sverige", "SE" },
	{ "Norge", "NO" },
	{ "Danmark", "DK" },
	{ "Suomi", "FI" },
	{ "Polska", "PL" },
	{ "México", "MX" },
	{ "Perú", "PE" },
	{ "Hrvatska", "HR" },
	{ "Magyarország", "HU" },

	{ "Czech Republic", "CZ" },
	{ "Holland", "NL" },
	{ "The Netherlands", "NL" },
	{ "Netherlands (Kingdom of the)", "NL" },

	/* Short forms of ISO's long names. */
	{ "Russia", "RU" },
	{ "Bolivia", "BO" },
	{ "Venezuela", "VE" },
	{ "Laos", "LA" },
	{ "Lao PDR", "LA" },
	{ "Brunei", "BN" },
	{ "Micronesia", "FM" },
	{ "Falkland Islands", "FK" },
	{ "Cocos Islands", "CC" },
	{ "Pitcairn Islands", "PN" },
	{ "Macedonia", "MK" },
	{ "Macedonia, the Former Yugoslav Republic of", "MK" },
	{ "Former Yugoslav Republic of Macedonia", "MK" },
	{ "FYROM", "MK" },
	{ "Palestine", "PS" },
	{ "State of Palestine", "PS" },
	{ "Palestinian Territories", "PS" },
	{ "Palestinian Territory", "PS" },
	{ "Palestinian Territory, Occupied", "PS" },
	{ "Occupied Palestinian Territory", "PS" },
	{ "Vatican", "VA" },
	{ "Vatican City", "VA" },
	{ "Vatican City State", "VA" },
	{ "Holy See", "VA" },
	{ "Republic of Korea", "KR" },
	{ "Korea, South", "KR" },
	{ "Korea (South)", "KR" },
	{ "Korea, North", "KP" },
	{ "Korea (North)", "KP" },

	/* Former and informal names. */
	{ "Turkey", "TR" },
	{ "Turkiye", "TR" },
	{ "Ivory Coast", "CI" },
	{ "Cote d'Ivoire", "CI" },
	{ "Swaziland", "SZ" },
	{ "Burma", "MM" },
	{ "Myanmar (Burma)", "MM" },
	{ "Cape Verde", "CV" },
	{ "East Timor", "TL" },
	{ "Macau", "MO" },
	{ "Macao SAR", "MO" },
	{ "Macau SAR", "MO" },
	{ "Macao SAR China", "MO" },
	{ "Hong Kong SAR", "HK" },
	{ "Hong Kong SAR China", "HK" },
	{ "Hongkong", "HK" },
	{ "UAE", "AE" },
	{ "KSA", "SA" },
	{ "The Gambia", "GM" },
	{ "The Bahamas", "BS" },

	/* The two Congos, told apart by their capitals as CLDR does. */
	{ "Congo-Brazzaville", "CG" },
	{ "Republic of Congo", "CG" },
	{ "Congo, Republic of the", "CG" },
	{ "Congo-Kinshasa", "CD" },
	{ "DRC", "CD" },
	{ "DR Congo", "CD" },
	{ "Democratic Republic of the Congo", "CD" },
	{ "Democratic Republic of Congo", "CD" },
	{ "Congo, Democratic Republic of the", "CD" },
	{ "Congo, Dem. Rep.", "CD" },

	/* "&" for "and", "St" for "Saint", as Shopify and CLDR write them. */
	{ "Antigua & Barbuda", "AG" },
	{ "Bosnia", "BA" },
	{ "Bosnia & Herzegovina", "BA" },
	{ "Heard & McDonald Islands", "HM" },
	{ "Heard and McDonald Islands", "HM" },
	{ "Saint Kitts & Nevis", "KN" },
	{ "St Kitts and Nevis", "KN" },
	{ "St Kitts & Nevis", "KN" },
	{ "St Lucia", "LC" },
	{ "Saint Pierre & Miquelon", "PM" },
	{ "St Pierre and Miquelon", "PM" },
	{ "St Pierre & Miquelon", "PM" },
	{ "Saint Vincent & the Grenadines", "VC" },
	{ "Saint Vincent & Grenadines", "VC" },
	{ "Saint Vincent and Grenadines", "VC" },
	{ "St Vincent and the Grenadines", "VC" },
	{ "St Vincent & the Grenadines", "VC" },
	{ "St Vincent & Grenadines", "VC" },
	{ "St Vincent and Grenadines", "VC" },
	{ "Saint Helena", "SH" },
	{ "St Helena", "SH" },
	{ "Saint Barthelemy", "BL" },
	{ "St Barthélemy", "BL" },
	{ "St Barthelemy", "BL" },
	{ "St Barts", "BL" },
	{ "St Barths", "BL" },
	{ "Saint Martin", "MF" },
	{ "St Martin", "MF" },
	{ "Sint Maarten", "SX" },
	{ "São Tomé and Príncipe", "ST" },
	{ "São Tomé & Príncipe", "ST" },
	{ "Sao Tome & Principe", "ST" },
	{ "South Georgia & South Sandwich Islands", "GS" },
	{ "South Georgia and South Sandwich Islands", "GS" },
	{ "South Georgia", "GS" },
	{ "Svalbard & Jan Mayen", "SJ" },
	{ "Trinidad & Tobago", "TT" },
	{ "Turks & Caicos Islands", "TC" },
	{ "Turks and Caicos", "TC" },
	{ "Wallis & Futuna", "WF" },

	{ "US Virgin Islands", "VI" },
	{ "United States Virgin Islands", "VI" },
	{ "Virgin Islands (U.S.)", "VI" },
	{ "Virgin Islands (British)", "VG" },
	{ "BVI", "VG" },
	{ "US Outlying Islands", "UM" },
	{ "US Minor Outlying Islands", "UM" },
	{ "Caribbean Netherlands", "BQ" },
	{ "Bonaire", "BQ" },

	{ "Curacao", "CW" },
	{ "Reunion", "RE" },
	{ "Aland Islands", "AX" },
	{ "Åland", "AX" },
	{ "Aland", "AX" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Every code and spelling once; duplicates that agree are harmless. */
static struct key keys[NELEM(countries) * 3 + NELEM(iso_aliases) +
    NELEM(aliases)];
static size_t nkeys;

/* Ends of a name may carry quoting or list punctuation from the export. */
static int
is_trim(unsigned char c)
{
	return c == ' ' || c == ',' || c == ';' || c == ':' || c == '"' ||
	    c == '\'';
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f' || c == '-';
}

/*
 * Fold text into out: ASCII and Latin-1 letters lower-cased, dots
 * dropped ("U.S.A."), hyphens and blank runs (NBSP too, from
 * spreadsheets) made one space, typographic apostrophes made ASCII,
 * and quoting or list punctuation trimmed from the ends.  The tables
 * go through the same function, so they may be written naturally.
 * Returns the length, or -1 when the text does not fit: no country is
 * spelled that long, so the caller need not look.
 */
static int
normalise(const char *text, char *out, size_t size)
{
	const unsigned char *p;
	unsigned char c;
	size_t n = 0;
	int space = 0;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		c = *p;
		if (is_blank(c) || (c == 0xc2 && p[1] == 0xa0)) {
			if (c == 0xc2)
				p++;
			space = n > 0;
			continue;
		}
		if (c == '.')
			continue;
		if (c == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0x98 || p[2] == 0x99)) {
			c = '\'';
			p += 2;
		}
		if (n == 0 && is_trim(c))
			continue;
		/* Room for a space, a two-byte letter and the NUL. */
		if (n + 4 > size)
			return -1;
		if (space) {
			out[n++] = ' ';
			space = 0;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e &&
		    p[1] != 0x97) {
			/*
			 * Latin-1 capitals, U+00C0..U+00DE bar the
			 * multiplication sign, sit 0x20 below their small
			 * letters: "ÉIRE" and "Éire" are one key.
			 */
			out[n++] = c;
			c = *++p + 0x20;
		}
		out[n++] = c;
	}
	while (n > 0 && is_trim((unsigned char)out[n - 1]))
		n--;
	out[n] = '\0';
	return (int)n;
}

static int
keycmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->text,
	    ((const struct key *)b)->text);
}

static int
countrycmp(const void *a, const void *b)
{
	return strcmp(a, ((const struct country *)b)->alpha2);
}

static const struct country *
find_alpha2(const char *alpha2)
{
	return bsearch(alpha2, countries, NELEM(countries),
	    sizeof(countries[0]), countrycmp);
}

static void
add_key(const char *text, const struct country *c)
{
	int len;

	len = normalise(text, keys[nkeys].text, sizeof(keys[0].text));
	assert(len > 0);
	(void)len;
	/* Canonical pointers, so every answer for a country is the same. */
	keys[nkeys++].alpha2 = c->alpha2;
}

static void
add_alias(const struct alias *a)
{
	const struct country *c;

	c = find_alpha2(a->alpha2);
	assert(c != NULL);
	if (c != NULL)
		add_key(a->text, c);
}

/*
 * Built on first use rather than written pre-sorted so that the tables
 * stay readable and cannot drift from normalise().  Not thread-safe:
 * call country_code() once before starting threads if that matters.
 */
static void
build(void)
{
	size_t i;

	for (i = 0; i < NELEM(countries); i++) {
		add_key(countries[i].alpha2, &countries[i]);
		add_key(countries[i].alpha3, &countries[i]);
		add_key(countries[i].name, &countries[i]);
	}
	for (i = 0; i < NELEM(iso_aliases); i++)
		add_alias(&iso_aliases[i]);
	for (i = 0; i < NELEM(aliases); i++)
		add_alias(&aliases[i]);
	qsort(keys, nkeys, sizeof(keys[0]), keycmp);
	/* One spelling naming two countries would make lookups arbitrary. */
	for (i = 1; i < nkeys; i++)
		assert(strcmp(keys[i - 1].text, keys[i].text) != 0 ||
		    keys[i - 1].alpha2 == keys[i].alpha2);
}

const char *
country_code(const char *text)
{
	char buf[KEYMAX];
	size_t lo, hi, mid;
	int cmp;

	if (text == NULL)
		return NULL;
	if (normalise(text, buf, sizeof(buf)) <= 0)
		return NULL;
	if (nkeys == 0)
		build();
	lo = 0;
	hi = nkeys;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(buf, keys[mid].text);
		if (cmp == 0)
			return keys[mid].alpha2;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
country_name(const char *alpha2)
{
	const struct country *c;
	char code[3];
	int i;

	if (alpha2 == NULL)
		return NULL;
	for (i = 0; i < 2; i++) {
		if (alpha2[i] >= 'a' && alpha2[i] <= 'z')
			code[i] = alpha2[i] - 'a' + 'A';
		else if (alpha2[i] >= 'A' && alpha2[i] <= 'Z')
			code[i] = alpha2[i];
		else
			return NULL;
	}
	if (alpha2[2] != '\0')
		return NULL;
	code[2] = '\0';
	c = find_alpha2(code);
	return c != NULL ? c->name : NULL;
}
