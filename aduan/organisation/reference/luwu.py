"""Reference data of Pemerintah Kabupaten Luwu: its units and a starting category tree.

Units follow Perbup Luwu 112/2016 on the organisation of regional agencies and the OPDs named
in the customer's action plan (seed/). Categories map complaints to a default unit and an
SLA tier; administrators edit both in the admin afterwards (loading again never overwrites
their edits, it only adds what is missing).
"""

from __future__ import annotations

from aduan.organisation.choices import SlaTier, UnitKind

REGENCY_CODE = "73.17"
INSTANSI = {
    "code": "luwu",
    "name": "Pemerintah Kabupaten Luwu",
    "tracking_prefix": "LWU",
    "time_zone": "Asia/Makassar",
}

# (code, name, short name, kind, parent code or None)
UNITS: list[tuple[str, str, str, str, str | None]] = [
    (
        "diskominfo",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfo-SP",
        UnitKind.OPD,
        None,
    ),
    ("setda", "Sekretariat Daerah", "Setda", UnitKind.SECRETARIAT, None),
    ("bag-organisasi", "Bagian Organisasi", "Bag. Organisasi", UnitKind.SECRETARIAT, "setda"),
    ("bag-hukum", "Bagian Hukum", "Bag. Hukum", UnitKind.SECRETARIAT, "setda"),
    ("bag-pemerintahan", "Bagian Pemerintahan", "Bag. Pemerintahan", UnitKind.SECRETARIAT, "setda"),
    ("bag-kesra", "Bagian Kesejahteraan Rakyat", "Bag. Kesra", UnitKind.SECRETARIAT, "setda"),
    ("bag-umum", "Bagian Umum", "Bag. Umum", UnitKind.SECRETARIAT, "setda"),
    ("bag-pbj", "Bagian Pengadaan Barang dan Jasa", "Bag. PBJ", UnitKind.SECRETARIAT, "setda"),
    ("setwan", "Sekretariat DPRD", "Setwan", UnitKind.SECRETARIAT, None),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", UnitKind.OPD, None),
    (
        "bappelitbangda",
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "Bappelitbangda",
        UnitKind.OPD,
        None,
    ),
    (
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        UnitKind.OPD,
        None,
    ),
    ("bpkd", "Badan Pengelola Keuangan Daerah", "BPKD", UnitKind.OPD, None),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", UnitKind.OPD, None),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", UnitKind.OPD, None),
    ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", UnitKind.OPD, None),
    ("disdikbud", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", UnitKind.OPD, None),
    ("dinkes", "Dinas Kesehatan", "Dinkes", UnitKind.OPD, None),
    ("pkm-belopa", "Puskesmas Belopa", "PKM Belopa", UnitKind.SUB_UNIT, "dinkes"),
    ("pkm-bua", "Puskesmas Bua", "PKM Bua", UnitKind.SUB_UNIT, "dinkes"),
    ("pkm-larompong", "Puskesmas Larompong", "PKM Larompong", UnitKind.SUB_UNIT, "dinkes"),
    ("pkm-walenrang", "Puskesmas Walenrang", "PKM Walenrang", UnitKind.SUB_UNIT, "dinkes"),
    ("rsud-batara-guru", "RSUD Batara Guru Belopa", "RSUD Batara Guru", UnitKind.HOSPITAL, None),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", UnitKind.OPD, None),
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        UnitKind.OPD,
        None,
    ),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", UnitKind.OPD, None),
    ("perkim", "Dinas Perumahan dan Kawasan Permukiman", "Perkim", UnitKind.OPD, None),
    ("dinsos", "Dinas Sosial", "Dinsos", UnitKind.OPD, None),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", UnitKind.OPD, None),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", UnitKind.OPD, None),
    ("dishub", "Dinas Perhubungan", "Dishub", UnitKind.OPD, None),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", UnitKind.OPD, None),
    ("distan", "Dinas Pertanian", "Distan", UnitKind.OPD, None),
    ("dkp", "Dinas Ketahanan Pangan", "DKP", UnitKind.OPD, None),
    ("diskan", "Dinas Perikanan", "Diskan", UnitKind.OPD, None),
    (
        "disperindag",
        "Dinas Koperasi, Usaha Kecil dan Menengah, Perindustrian dan Perdagangan",
        "Diskoperindag",
        UnitKind.OPD,
        None,
    ),
    ("disnaker", "Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", UnitKind.OPD, None),
    ("dispar", "Dinas Pariwisata, Kepemudaan dan Olahraga", "Disparpora", UnitKind.OPD, None),
    ("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", UnitKind.OPD, None),
    ("dppkb", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", UnitKind.OPD, None),
    (
        "satpolpp",
        "Satuan Polisi Pamong Praja dan Pemadam Kebakaran",
        "Satpol PP",
        UnitKind.OPD,
        None,
    ),
]

# (code, name, English name, SLA tier, default unit code) per parent category
CATEGORIES: list[
    tuple[str, str, str, str, str | None, list[tuple[str, str, str, str, str | None]]]
] = [
    (
        "kesehatan",
        "Kesehatan",
        "Health",
        SlaTier.NORMATIVE,
        "dinkes",
        [
            (
                "kesehatan-puskesmas",
                "Pelayanan puskesmas",
                "Community health centre services",
                SlaTier.NORMATIVE,
                "dinkes",
            ),
            (
                "kesehatan-rsud",
                "Pelayanan rumah sakit daerah",
                "Regional hospital services",
                SlaTier.NORMATIVE,
                "rsud-batara-guru",
            ),
            (
                "kesehatan-jkn",
                "Jaminan kesehatan (BPJS/JKN, KIS)",
                "Health insurance (BPJS/JKN, KIS)",
                SlaTier.NON_SUPERVISORY,
                "dinkes",
            ),
            (
                "kesehatan-gizi",
                "Gizi buruk dan stunting",
                "Malnutrition and stunting",
                SlaTier.LIGHT,
                "dinkes",
            ),
        ],
    ),
    (
        "pendidikan",
        "Pendidikan",
        "Education",
        SlaTier.NON_SUPERVISORY,
        "disdikbud",
        [
            (
                "pendidikan-sekolah",
                "Sarana dan layanan sekolah",
                "School facilities and services",
                SlaTier.NON_SUPERVISORY,
                "disdikbud",
            ),
            (
                "pendidikan-bantuan",
                "Bantuan pendidikan (PIP, BOS)",
                "Education assistance (PIP, BOS)",
                SlaTier.NON_SUPERVISORY,
                "disdikbud",
            ),
            (
                "pendidikan-ppdb",
                "Penerimaan peserta didik baru",
                "School admissions",
                SlaTier.NORMATIVE,
                "disdikbud",
            ),
        ],
    ),
    (
        "infrastruktur",
        "Jalan, jembatan dan pekerjaan umum",
        "Roads, bridges and public works",
        SlaTier.NON_SUPERVISORY,
        "pupr",
        [
            (
                "infrastruktur-jalan",
                "Jalan rusak",
                "Damaged roads",
                SlaTier.NON_SUPERVISORY,
                "pupr",
            ),
            ("infrastruktur-jembatan", "Jembatan", "Bridges", SlaTier.NON_SUPERVISORY, "pupr"),
            (
                "infrastruktur-drainase",
                "Drainase dan banjir",
                "Drainage and flooding",
                SlaTier.NON_SUPERVISORY,
                "pupr",
            ),
            (
                "infrastruktur-lampu",
                "Penerangan jalan umum",
                "Street lighting",
                SlaTier.NORMATIVE,
                "dishub",
            ),
        ],
    ),
    (
        "air",
        "Air bersih dan sanitasi",
        "Water and sanitation",
        SlaTier.NON_SUPERVISORY,
        "perkim",
        [
            ("air-bersih", "Air bersih", "Clean water", SlaTier.NORMATIVE, "perkim"),
            (
                "air-sanitasi",
                "Sanitasi dan jamban",
                "Sanitation and latrines",
                SlaTier.NON_SUPERVISORY,
                "perkim",
            ),
        ],
    ),
    (
        "adminduk",
        "Administrasi kependudukan",
        "Population administration",
        SlaTier.NORMATIVE,
        "dukcapil",
        [
            ("adminduk-ktp", "KTP elektronik", "Electronic ID card", SlaTier.NORMATIVE, "dukcapil"),
            ("adminduk-kk", "Kartu keluarga", "Family card", SlaTier.NORMATIVE, "dukcapil"),
            (
                "adminduk-akta",
                "Akta kelahiran dan kematian",
                "Birth and death certificates",
                SlaTier.NORMATIVE,
                "dukcapil",
            ),
        ],
    ),
    (
        "bansos",
        "Bantuan sosial",
        "Social assistance",
        SlaTier.NON_SUPERVISORY,
        "dinsos",
        [
            ("bansos-pkh", "PKH dan BPNT", "PKH and BPNT", SlaTier.NON_SUPERVISORY, "dinsos"),
            (
                "bansos-dtks",
                "Data kesejahteraan sosial (DTKS)",
                "Social welfare register (DTKS)",
                SlaTier.NON_SUPERVISORY,
                "dinsos",
            ),
            (
                "bansos-disabilitas",
                "Layanan penyandang disabilitas",
                "Services for people with disabilities",
                SlaTier.NORMATIVE,
                "dinsos",
            ),
        ],
    ),
    (
        "perizinan",
        "Perizinan",
        "Licensing",
        SlaTier.NORMATIVE,
        "dpmptsp",
        [
            ("perizinan-usaha", "Izin usaha", "Business licences", SlaTier.NORMATIVE, "dpmptsp"),
            (
                "perizinan-bangunan",
                "Persetujuan bangunan gedung (PBG)",
                "Building approval (PBG)",
                SlaTier.NON_SUPERVISORY,
                "dpmptsp",
            ),
        ],
    ),
    (
        "lingkungan",
        "Lingkungan hidup",
        "Environment",
        SlaTier.NON_SUPERVISORY,
        "dlh",
        [
            ("lingkungan-sampah", "Sampah", "Waste collection", SlaTier.NORMATIVE, "dlh"),
            ("lingkungan-pencemaran", "Pencemaran", "Pollution", SlaTier.NON_SUPERVISORY, "dlh"),
        ],
    ),
    (
        "ketertiban",
        "Ketertiban umum",
        "Public order",
        SlaTier.NORMATIVE,
        "satpolpp",
        [
            (
                "ketertiban-umum",
                "Gangguan ketertiban",
                "Public disturbance",
                SlaTier.NORMATIVE,
                "satpolpp",
            ),
            ("ketertiban-kebakaran", "Kebakaran", "Fire", SlaTier.LIGHT, "satpolpp"),
        ],
    ),
    (
        "desa",
        "Pemerintahan desa dan dana desa",
        "Village government and village funds",
        SlaTier.NON_SUPERVISORY,
        "dpmd",
        [
            (
                "desa-layanan",
                "Pelayanan kantor desa",
                "Village office services",
                SlaTier.NORMATIVE,
                "dpmd",
            ),
            (
                "desa-dana",
                "Penyalahgunaan dana desa",
                "Misuse of village funds",
                SlaTier.SUPERVISORY,
                "inspektorat",
            ),
        ],
    ),
    (
        "gesi",
        "Perempuan, anak dan kelompok rentan",
        "Women, children and vulnerable groups",
        SlaTier.LIGHT,
        "dp3a",
        [
            (
                "gesi-kekerasan",
                "Kekerasan terhadap perempuan dan anak",
                "Violence against women and children",
                SlaTier.LIGHT,
                "dp3a",
            ),
            (
                "gesi-aksesibilitas",
                "Aksesibilitas layanan publik",
                "Accessibility of public services",
                SlaTier.NORMATIVE,
                "dinsos",
            ),
        ],
    ),
    (
        "aparatur",
        "Aparatur dan pengawasan",
        "Civil servants and oversight",
        SlaTier.SUPERVISORY,
        "inspektorat",
        [
            (
                "aparatur-pungli",
                "Pungutan liar",
                "Illegal levies",
                SlaTier.SUPERVISORY,
                "inspektorat",
            ),
            (
                "aparatur-wewenang",
                "Penyalahgunaan wewenang",
                "Abuse of authority",
                SlaTier.SUPERVISORY,
                "inspektorat",
            ),
            (
                "aparatur-disiplin",
                "Disiplin dan perilaku ASN",
                "Civil servants' discipline and conduct",
                SlaTier.NON_SUPERVISORY,
                "bkpsdm",
            ),
        ],
    ),
    (
        "bencana",
        "Bencana",
        "Disasters",
        SlaTier.LIGHT,
        "bpbd",
        [
            (
                "bencana-darurat",
                "Tanggap darurat bencana",
                "Disaster emergency response",
                SlaTier.LIGHT,
                "bpbd",
            ),
        ],
    ),
    (
        "lainnya",
        "Pelayanan publik lainnya",
        "Other public services",
        SlaTier.NON_SUPERVISORY,
        None,
        [],
    ),
]

# Reply templates a unit can start a follow-up from: (title, text). Administrators edit them
# in the admin; loading again adds only the titles that are missing.
REPLY_TEMPLATES: list[tuple[str, str]] = [
    (
        "Laporan diterima dan sedang ditindaklanjuti",
        "Terima kasih atas laporan Anda. Laporan telah kami terima dan sedang ditindaklanjuti "
        "oleh unit kami. Perkembangan penanganannya akan kami sampaikan melalui halaman ini.",
    ),
    (
        "Petugas telah meninjau lokasi",
        "Petugas kami telah meninjau lokasi yang dilaporkan. Penanganan akan dilaksanakan "
        "sesuai jadwal dan ketersediaan anggaran. Terima kasih atas kesabaran Anda.",
    ),
    (
        "Dijadwalkan dalam program kerja",
        "Laporan Anda telah kami catat dan dijadwalkan untuk ditangani dalam program kerja "
        "tahun anggaran berikutnya. Kami akan menyampaikan perkembangannya melalui halaman ini.",
    ),
    (
        "Penanganan telah selesai",
        "Penanganan atas laporan Anda telah selesai dilaksanakan. Apabila masih ada kendala, "
        "silakan balas melalui halaman pelacakan laporan dengan nomor pelacakan Anda.",
    ),
]
