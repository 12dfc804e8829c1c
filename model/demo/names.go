package demo

// Data tables for the demo runners. Every entry is written in Unicode NFC
// (the form Validate stores), which a test checks.

// Adult first names: mostly German, some from neighbouring countries and
// families who moved here, with the letters a desk has to get right.
var maleFirst = []string{
	"Jörg", "Jürgen", "Björn", "Søren", "Thomas", "Michael", "Andreas",
	"Stefan", "Frank", "Markus", "Christian", "Matthias", "Tobias",
	"Sebastian", "Florian", "Jan", "Lukas", "Maximilian", "Alexander",
	"Klaus", "Uwe", "Dieter", "Günter", "Rüdiger", "Hans-Peter",
	"Karl-Heinz", "Łukasz", "José", "François", "Mehmet", "Emre", "Piotr",
	"Tomáš", "Ólafur", "Seán", "René", "André", "Jochen", "Timo", "Đức",
}

var femaleFirst = []string{
	"Zoë", "Anaïs", "Renée", "Sabine", "Petra", "Andrea", "Claudia",
	"Stefanie", "Julia", "Katharina", "Anna-Lena", "Marie-Luise", "Sophie",
	"Laura", "Lena", "Hannah", "Miriam", "Jutta", "Ursula", "Gisela",
	"Birgit", "Heike", "Dörte", "Małgorzata", "Agnieszka", "Ayşe",
	"Zeynep", "Inés", "Chloé", "Åsa", "Sigríður", "Britta", "Silke",
	"Nadine", "Mareike", "Linh",
}

// Names that fit any gender, for runners registered as D.
var neutralFirst = []string{
	"Alex", "Kim", "Robin", "Sascha", "Eike", "Mika", "Toni", "Charlie",
	"Noa", "Jona",
}

// First names of children and teenagers (class age below 16).
var boyFirst = []string{
	"Noah", "Ben", "Leon", "Finn", "Elias", "Paul", "Jonas", "Luca",
	"Emil", "Mats", "Theo", "Anton", "Ömer", "Milan", "Matteo", "Jannik",
}

var girlFirst = []string{
	"Emma", "Mia", "Sophia", "Lina", "Ella", "Clara", "Leonie", "Marie",
	"Zoë", "Ida", "Frieda", "Elif", "Maëlle", "Lotta", "Mila", "Jördis",
}

// Last names: common German ones first, then double names, nobiliary
// particles and names from abroad.
var lastNames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
	"Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer",
	"Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
	"Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Schmitt",
	"Werner", "Krause", "Meier", "Lehmann", "Köhler", "Herrmann", "König",
	"Walter", "Huber", "Kaiser", "Fuchs", "Peters", "Scholz", "Möller",
	"Weiß", "Jung", "Hahn", "Vogel", "Keller", "Günther", "Berger",
	"Winkler", "Roth", "Lorenz", "Baumann", "Albrecht", "Größ", "Jäger",
	"Böhm", "Voß", "Straßburger", "Meyer-Lüdenscheid", "Schmidt-Bäumler",
	"von der Heide", "van den Berg", "de la Cruz", "Dvořák", "Nowak",
	"Kowalczyk", "Wiśniewski", "Wiśniewska", "Ólafsdóttir", "Ólafsson",
	"García", "Fernández", "Çelik", "Yılmaz", "Öztürk", "Nguyễn",
	"O'Brien", "Lefèvre", "Søndergaard", "Horváth", "Rossi", "Dubois",
	"Papadopoulos", "Novák",
}

// lastNameGender marks last names that only fit one gender.
var lastNameGender = map[string]string{
	"Ólafsdóttir": "W", "Ólafsson": "M",
	"Wiśniewska": "W", "Wiśniewski": "M",
}

// Running clubs, Lauftreffs and company teams of the region.
var clubs = []string{
	"LG Buchau", "TSV 1860 Hof", `Laufgruppe "Die Schnecken"`,
	"SV Lauf 08", "TuS Waldstetten", "LAV Bad Saulgau", "SC Fürth-Süd 1921",
	"TV Jahn Überlingen", "Lauftreff Gößweinstein", "ASV Köln-Mülheim",
	"LSG Karlsruhe", "Post SV Nürnberg", "Polizei-SV Ulm",
	"Uni-Lauftreff Tübingen", "SG Rotenberg 1912 e.V.",
	"DJK Sportfreunde Süd", "Freiwillige Feuerwehr Buchau",
	`Lauftreff "Schnelle Füße" Biberach`, "Triathlon-Team Bodensee",
	"TSG Öhringen", "MTV Lüneburg 1848", "Skiclub Schwäbisch Gmünd",
	"Running Crew Stuttgart", "TG Würzburg-Heidingsfeld",
	"Lauftreff Federsee",
}

// What parents enter as the "club" of a child.
var kidsClubs = []string{
	"Kita Sonnenschein", "Grundschule am Federsee", "Kinderturnen LG Buchau",
	"Kindergarten St. Martin", "Waldkindergarten Wurzelzwerge",
}

// Phone numbers the Bundesnetzagentur keeps for media productions ("drama
// numbers", Amtsblatt 7/2021): they are never given to anybody, so the
// demo cannot make a real phone ring. Area code without 0, block; the
// last three digits are free.
var phoneBlocks = [][2]string{
	{"30", "23125"}, {"69", "90009"}, {"40", "66969"}, {"221", "4710"}, {"89", "99998"},
}

// T-shirt size weights for men and women; sizes the event file adds
// beyond these get weight 1.
var shirtWeights = map[string][2]int{
	// size: {men, women}
	"XS": {1, 12}, "S": {7, 35}, "M": {25, 35}, "L": {35, 14}, "XL": {24, 3}, "XXL": {8, 1},
}
