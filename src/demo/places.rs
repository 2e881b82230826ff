//! The demo's territories (seed 001's five regions, their provinces and
//! municipalities) and where its meetings are held.

/// A province: its name, its municipalities, its social districts.
pub(super) type Province = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

/// Region, then its provinces.
pub(super) const TERRITORIES: &[(&str, &[Province])] = &[
    (
        "Basilicata",
        &[
            (
                "Potenza",
                &["Potenza", "Melfi"],
                &["Ambito socio-territoriale Potenza"],
            ),
            (
                "Matera",
                &["Matera", "Policoro"],
                &["Ambito socio-territoriale Metapontino Collina Materana"],
            ),
        ],
    ),
    (
        "Calabria",
        &[
            ("Cosenza", &["Cosenza", "Corigliano-Rossano"], &[]),
            (
                "Reggio Calabria",
                &["Reggio Calabria", "Rosarno"],
                &["Ambito territoriale di Reggio Calabria"],
            ),
        ],
    ),
    (
        "Campania",
        &[
            ("Napoli", &["Napoli", "Castel Volturno"], &[]),
            (
                "Salerno",
                &["Salerno", "Eboli"],
                &["Ambito territoriale S3 Eboli"],
            ),
        ],
    ),
    (
        "Puglia",
        &[
            (
                "Bari",
                &["Bari", "Altamura"],
                &["Ambito territoriale di Bari"],
            ),
            ("Foggia", &["Foggia", "San Severo"], &[]),
        ],
    ),
    (
        "Sicilia",
        &[
            (
                "Palermo",
                &["Palermo", "Bagheria"],
                &["Distretto socio-sanitario D42 Palermo"],
            ),
            ("Catania", &["Catania", "Caltagirone"], &[]),
            ("Agrigento", &["Agrigento", "Lampedusa e Linosa"], &[]),
        ],
    ),
];

/// Territories that hold the four thematic meetings: municipality, place, first date
/// (the meetings follow weekly), and the demo organisations whose people attend.
pub(super) const MEETING_TERRITORIES: &[(&str, &str, &str, &[usize])] = &[
    (
        "Potenza",
        "Sala del Consiglio, Palazzo di Città, Piazza Matteotti",
        "2024-03-05",
        &[0, 5, 14, 18, 23, 26, 31, 32, 38, 41, 45],
    ),
    (
        "Palermo",
        "Centro Polivalente, Via Roma",
        "2024-03-12",
        &[4, 8, 15, 19, 24, 27, 34, 37, 42, 46],
    ),
    (
        "Bari",
        "Sala Giunta, Palazzo della Città",
        "2024-04-09",
        &[10, 16, 20, 25, 28, 35, 39],
    ),
];
