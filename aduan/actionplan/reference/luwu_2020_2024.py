# ruff: noqa: E501  (the document's sentences, kept whole so they can be compared)
"""Kabupaten Luwu's Rencana Aksi Pengelolaan Pengaduan Pelayanan Publik SP4N-LAPOR! 2020-2024,
transcribed from the signed document (tables 2 to 7, the decree's team and the berita acara).

Written as the document has it, typing slips included ("Pertisipasi", "Penauatan"), so that the
loaded plan can be checked against the document line by line. Table 3's categorisation: the
text of the document lost empty cells in two rows (10 and 14); their mark sits in the last
column of the row, which is *Koordinasi & Monev*, the aspect both statements are about.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

TEMPLATE_NAME = "KemenPANRB 2020 (22 pernyataan)"
TITLE = "Rencana Aksi Pengelolaan Pengaduan Pelayanan Publik SP4N-LAPOR! Pemerintah Kabupaten Luwu"
YEAR_START = 2020
YEAR_END = 2024
DECREE_NUMBER = "555/81/SK/DKISP/IX/2021"
DECREE_DATE = date(2021, 9, 9)
INTRODUCTION = (
    "Meningkatkan komunikasi pemerintah daerah dengan masyarakat melalui Pelayanan Pengaduan "
    "Masyarakat oleh semua Perangkat Daerah dan Kecamatan dalam rangka membuat program-program "
    "sesuai kebutuhan masyarakat menuju Luwu Makmur."
)
GOAL = (
    "Mewujudkan Sistem Pengelolaan Pengaduan di Pemerintah Kabupaten Luwu yang memiliki respon "
    "dan solusi cepat serta terpercaya"
)
STRATEGIC_TARGET = (
    "Mewujudkan Sistem Pengelolaan Pengaduan yang memiliki respon dan solusi cepat serta "
    'terpercaya atau "fast response, fast solution, and trusted complaint handling system", '
    "dicerminkan oleh: 1. meningkatnya jumlah pengaduan dari masyarakat; dan 2. meningkatnya "
    "persentase penyelesaian pengaduan."
)
CLOSING = (
    "Rencana Aksi SP4N-LAPOR! Pemerintah Kabupaten Luwu Periode 2020-2024 disusun sebagai acuan "
    "perencanaan dan kegiatan selama 4 tahun kedepan."
)

# Table 2 and Table 3: (number, statement, score 1-4 of the 2021 assessment, aspects).
ASSESSMENT_YEAR = 2021
ASSESSED_ON = date(2021, 9, 9)
ASSESSED_BY = "Tim Penyusun Renaksi"
STATEMENTS: list[tuple[int, str, int, tuple[str, ...]]] = [
    (
        1,
        "Sistem pengelolaan pengaduan dapat diakses dengan mudah oleh masyarakat melalui berbagai "
        "saluran dengan mekanisme dan tampilan yang mudah dipahami.",
        4,
        ("data",),
    ),
    (
        2,
        "Proses penanganan pengaduan dan tindak lanjutnya merupakan sebuah proses terbuka yang dapat "
        "dipantau oleh pihak yang menyampaikan pengaduan dan masyarakat luas.",
        3,
        ("policy",),
    ),
    (
        3,
        "Pengelola pengaduan memberikan tanggapan secara positif terhadap pengaduan yang diterima "
        "dan menindaklanjutinya secara cepat dan solutif.",
        4,
        ("people",),
    ),
    (
        4,
        "Pengelola pengaduan menerima dan menyelesaikan pengaduan secara obyektif dan tidak tebang "
        "pilih.",
        4,
        ("people",),
    ),
    (
        5,
        "Sistem pengelolaan pengaduan didukung oleh pembagian peran yang jelas diantara pimpinan, "
        "pengawas, dan level operasional.",
        4,
        ("policy",),
    ),
    (
        6,
        "Pimpinan instansi dan pejabat tinggi lainnya mendukung dan memiliki komitmen untuk terus "
        "menerus meningkatkan kualitas sistem pengelolaan pengaduan.",
        3,
        ("data",),
    ),
    (
        7,
        "Para pimpinan menggunakan data pengaduan sebagai salah satu pertimbangan dalam pengambilan "
        "keputusan serta perbaikan program dan kebijakan.",
        3,
        ("data",),
    ),
    (
        8,
        "Pejabat yang bertanggungjawab dalam supervisi pengelolaan pengaduan memastikan proses "
        "penerimaan dan penyelesaian pengaduan berjalan secara efektif.",
        4,
        ("people",),
    ),
    (
        9,
        "Pejabat yang bertanggungjawab dalam supervisi pengelolaan pengaduan berupaya memberikan "
        "solusi terhadap kekurangan dalam pengelolaan pengaduan meliputi kebutuhan sumber daya "
        "manusia, anggaran, proses bisnis, dan lain-lain.",
        2,
        ("policy", "people"),
    ),
    (
        10,
        "Pejabat yang bertanggungjawab dalam supervisi pengelolaan pengaduan berupaya membangun dan "
        "meningkatkan mekanisme koordinasi antar unit-unit terlibat dalam instansi.",
        2,
        ("policy", "coordination"),
    ),
    (
        11,
        "Pengelolaan pengaduan didukung oleh staf operasional dengan jumlah dan kompetensi yang "
        "memadai.",
        2,
        ("people",),
    ),
    (
        12,
        "Pengelolaan pengaduan telah didukung oleh kebijakan instansi yang memadai meliputi sumber "
        "daya manusia, anggaran, prosedur, fasilitas, dan lainnya.",
        2,
        ("policy", "people"),
    ),
    (
        13,
        "Terdapat aturan yang jelas tentang pembagian tugas dan fungsi para pengelola pengaduan "
        "sesuai wewenang.",
        4,
        ("policy", "people"),
    ),
    (
        14,
        "Terdapat mekanisme koordinasi yang melibatkan berbagai pihak di instansi dalam pengelolaan "
        "pengaduan.",
        3,
        ("coordination",),
    ),
    (
        15,
        "Staf operasional telah cakap dalam melaksanakan tugas dan fungsi masing-masing.",
        3,
        ("people",),
    ),
    (16, "Pengelolaan pengaduan telah didukung oleh fasilitas yang memadai", 3, ("data",)),
    (
        17,
        "Instansi memiliki panduan teknis/buku manual tentang pengelolaan pengaduan.",
        4,
        ("data",),
    ),
    (
        18,
        "Pengelola pengaduan telah mendapatkan pelatihan (atau program penguatan kompetensi lain) "
        "terkait teknis pengelolaan pengaduan.",
        2,
        ("people",),
    ),
    (
        19,
        "Pengelola pengaduan telah mendapatkan pelatihan (atau program penguatan kompetensi lain) "
        "terkait proses bisnis dan mekanisme koordinasi antar unit.",
        1,
        ("people",),
    ),
    (
        20,
        "Pengelola pengaduan telah mendapatkan pelatihan (atau program penguatan kompetensi lain) "
        "terkait komunikasi publik.",
        1,
        ("people",),
    ),
    (21, "Sistem pengelolaan pengaduan telah terintegrasi dengan aplikasi lain", 1, ("data",)),
    (
        22,
        "Pengelolaan pengaduan sudah terhubung dengan platform pembelajaran nasional",
        1,
        ("data",),
    ),
]

# Table 4: aspect -> (priority 1-5, reason).
PRIORITIES = {
    "policy": (
        4,
        "Sudah ada SK Bupati terkait Tim Koordinasi Pengelolaan Pengaduan SP4N-LAPOR "
        "Pemerintahan Kabupaten Luwu",
    ),
    "people": (
        5,
        "Sudah Tersedia Pejabat penghubung yang berkompeten pada masing-masing OPD untuk "
        "mengelola pengaduan SP4N-LAPOR",
    ),
    "data": (3, "Belum terintegrasinya aplikasi local ke aplikasi SP4N-LAPOR"),
    "participation": (
        1,
        "Tingkat awareness pimpinan terhadap pengelolaan pengaduan cukup baik",
    ),
    "coordination": (
        2,
        "Sudah dilakukan rapat koordinasi dan monev secara berkela untuk OPD di lingkungan "
        "Pemerintah Kabupaten Luwu 1 kali/tahun",
    ),
}

# Table 5: (indicator, unit, figure, baseline, {year: target}).
INDICATORS = [
    (
        "Jumlah pengaduan dari masyarakat",
        "pengaduan",
        "complaints_received",
        Decimal(9),
        {2021: Decimal(20), 2022: Decimal(40), 2023: Decimal(50), 2024: Decimal(75)},
    ),
    (
        "Persentase penyelesaian pengaduan",
        "%",
        "share_resolved",
        Decimal(100),
        {year: Decimal(100) for year in range(2021, 2025)},
    ),
]

# Table 6: [programme, parties, [(activity, years, parties)]]; the years the table ticks.
PROGRAMMES: list[tuple[str, str, list[tuple[str, tuple[int, ...], str]]]] = [
    (
        "Peningkatan Pertisipasi Pemangku Kepentingan",
        "Sekretariat Daerah, Dinas Kominfo inspektorat",
        [
            (
                "Sosialisasi pelayanan pengaduan SP4N-LAPOR",
                (2022, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            (
                "Rakor pelayanan pengaduan SP4N-LAPOR",
                (2021, 2022, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            (
                "Seminar peran pengaduan terhadap peningkatan pelayanan publik",
                (2022, 2023),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            (
                "Peningkatan komunikasi publik",
                (2022, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
        ],
    ),
    (
        "Koordinasi Pelaksanaan, Pemantauan dan Evaluasi",
        "",
        [
            (
                "Pelaksanaan proses dan tindak laniut pelayanan pengaduan",
                (2021, 2022, 2023, 2024),
                "Dinas Kominfo, Semua OPD",
            ),
            (
                "Rakor monitoring/pemantauan dan evaluasi pelaksanaan proses penanganan pengaduan",
                (2021, 2022, 2023, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            (
                "Koordinasi dan konsultasi pelayanan pengaduan ke Provinsi Sulsel dan ke Pemerintah Pusat",
                (2021, 2022, 2023, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
        ],
    ),
    (
        "Optimalisasi Pemanfaatan data dan Aplikasi",
        "",
        [
            ("Integrasi Aplikasi Lokal dengan SP4N-LAPOR", (2022,), "Dinas Kominfo, Semua OPD"),
            (
                "Survey Kepuasan Masyarakat terhadap SP4N-LAPOR",
                (2022, 2023, 2024),
                "Dinas Kominfo, Semua OPD",
            ),
            (
                "Penyusunan Laporan Pengaduan secara berkala",
                (2021, 2022, 2023, 2024),
                "Dinas Kominfo, Semua OPD",
            ),
            ("Monev Tindak Lanjut pengaduan", (2021, 2022, 2023, 2024), "Dinas Kominfo, Semua OPD"),
            (
                "Publikasi dan Diseminasi Data pengaduan",
                (2022, 2023, 2024),
                "Dinas Kominfo, Semua OPD",
            ),
        ],
    ),
    (
        "Penauatan Kelembagaan",
        "",
        [
            (
                "Penyusunan Peraturan Bupati tentang Pelayanan Pengaduan",
                (2022,),
                "Dinas Kominfo, Inspektorat, Bagian Organisasi, Bagian Hukum",
            ),
            (
                "Tersedianya anggaran pengelolaan pengaduan",
                (2022, 2023, 2024),
                "Dinas Kominfo, Semua OPD, Bappeda, BPKD",
            ),
            (
                "Penguatan Tim Koordinasi dan Pelaksana Pengelola Pengaduan",
                (2022, 2023, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            ("Penyusunan proses bisnis pengelolaan pengaduan", (2022,), "Dinas Kominfo, Semua OPD"),
            ("Review SOP pelayanan pengaduan", (2022, 2023, 2024), "Dinas Kominfo, Semua OPD"),
        ],
    ),
    (
        "Penguatan Sumber Daya",
        "",
        [
            (
                "Bimbingan Teknis/Pelatihan Peningkatan Kapasitas Pengelola Pengaduan",
                (2022, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            ("Pertemuan Refreshing Pengelola Pengaduan", (2022, 2024), "Dinas Kominfo, Semua OPD"),
            (
                "Studi Banding pengelolaan pengaduan",
                (2023,),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            (
                "Kompetisi SP4N-LAPOR Tingkat Kabupaten",
                (2022, 2023, 2024),
                "Sekretariat Daerah, Dinas Kominfo inspektorat",
            ),
            ("Peningkatan jaringan dan Infrastruktur", (2022, 2024), "Dinas Kominfo, Semua OPD"),
            (
                "Peningkatan sarana dan prasarana pelayanan pengaduan",
                (2022, 2024),
                "Dinas Kominfo, Semua OPD",
            ),
        ],
    ),
]

# Table 7: programme (as Table 6 names it) -> [(success indicator, figure or "")].
SUCCESS_INDICATORS = {
    "Penauatan Kelembagaan": [
        ("Jumlah (alokasi) sumber daya manusia, anggaran, dan perangkat yang memadai", ""),
        ("Semua unit pemberi layanan publik menerapkan proses bisnis pengelolaan pengaduan", ""),
    ],
    "Penguatan Sumber Daya": [
        (
            "Sebagian besar personil pengelola SP4N telah memperoleh pengembangan kompetensi "
            "teknis pengelolaan SP4N",
            "staff_trained",
        ),
        ("Pengelola pengaduan menunjukkan peningkatan kinerja dan perilaku (etika)", ""),
        ("Tersedianya sarana, prasarana dan jaringan infrastruktur yang memadai", ""),
    ],
    "Optimalisasi Pemanfaatan data dan Aplikasi": [
        (
            "Publik dapat mengakses data dan informasi terkait status dan mekanisme pengelolaan "
            "pengaduan baik berupa statistik maupun data lainnya",
            "",
        ),
        (
            "Data pengaduan dimanfaatkan oleh instansi untuk perbaikan program dan kebijakan "
            "pelayanan publik.",
            "",
        ),
        ("Jumlah aplikasi lain yang diintegrasikan dengan aplikasi LAPOR!", ""),
    ],
    "Peningkatan Pertisipasi Pemangku Kepentingan": [
        (
            "Sebagian besar pengaduan masyarakat telah disampaikan dengan lengkap dan tepat "
            "serta menunjukkan peningkatan jumlah dibanding tahun sebelumnya",
            "",
        ),
        (
            "Semua pembuat kebijakan, termasuk pimpinan tertinggi instansi, secara aktif "
            "terlibat dalam keseluruhan proses kebijakan, mulai dari formulasi, koordinasi "
            "implementasi, hingga pemantauan dan evaluasi",
            "",
        ),
    ],
    "Koordinasi Pelaksanaan, Pemantauan dan Evaluasi": [
        (
            "Koordinasi vertikal dan horizontal intra dan antarinstansi pemerintah, serta dalam "
            "simpul (hub) koordinasi SP4N terjadi secara rutin maupun sewaktu waktu dibutuhkan",
            "",
        ),
        (
            "Pemantauan dan evaluasi dilakukan secara rutin dan hasilnya digunakan sebagai "
            "umpan-balik untuk perbaikan kebijakan pengelolaan pengaduan",
            "",
        ),
    ],
}

# The decree's appendix: (team role, position).
_DISKOMINFO = "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Luwu"
TEAM = [
    ("steering", "Kepala " + _DISKOMINFO),
    ("chair", "Sekretaris " + _DISKOMINFO),
    ("coordinator", "Kepala Bidang Pengelolaan Informasi dan Komunikasi Publik"),
    ("coordinator", "Kepala Bidang Penyelenggaraan E-Government"),
    ("coordinator", "Kepala Bidang Layanan Komunikasi dan Informatika"),
    ("coordinator", "Kepala Bidang Persandian"),
    ("coordinator", "Kepala Bidang Statistik"),
    ("coordinator", "Kepala Seksi Humas dan Layanan Informasi pada " + _DISKOMINFO),
    ("member", "Kepala Sub Bagian Analisis dan Evaluasi pada Inspektorat Kabupaten Luwu"),
    (
        "member",
        "Kepala Sub Bagian Program dan Keuangan pada badan Kepegawaian dan Pengembangan Sumber "
        "Daya Manusia Kabupaten Luwu",
    ),
    ("member", "Kepala Sub Bagian Program pada Dinas Pendidikan dan Kebudayaan Kabupaten Luwu"),
    ("member", "Kepala Sub Bagian Program pada Dinas Kesehatan Kabupaten Luwu"),
    (
        "member",
        "Kepala Sub Bagian Perencanaan pada Dinas Kependudukan dan Pencatatan Sipil Kabupaten Luwu",
    ),
    (
        "member",
        "Kepala Seksi Pelayanan Perizinan dan Nonperizinan A/I Dinas Penanaman Modal dan "
        "Pelayanan Terpadu Satu Pintu Kabupaten Luwu",
    ),
    (
        "member",
        "Kepala Sub Bagian Program pada Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Luwu",
    ),
    ("member", "Kepala Sub Bagian Program pada Dinas Sosial Kabupaten Luwu"),
    (
        "member",
        "Kepala Sub Bagian Reformasi Birokrasi dan Kinerja pada Bagian Organisasi Sekretariat "
        "Daerah Kabupaten Luwu",
    ),
    (
        "member",
        "Kepala Sub Bagian Dokumentasi dan Informasi pada Bagian Hukum Sekretariat Daerah "
        "Kabupaten Luwu",
    ),
    ("member", "Staf Pengelola Teknologi Informasi pada " + _DISKOMINFO),
    ("member", "Staf Analisis Humas pada " + _DISKOMINFO),
]

# The berita acara of the self-assessment (annex 2) and the invitation's meeting room.
MINUTES_HELD_ON = date(2021, 9, 9)
MINUTES_PLACE = "Ruang Rapat Kadis Kominfo-SP Kab. Luwu"
MINUTES_SUMMARY = (
    "Kegiatan Penilaian Mandiri Pengelolaan Pengaduan Pelayanan Publik di Pemerintah "
    "Kabupaten Luwu telah menghasilkan: 1. Matrik Asesmen Pengelolaan Pengaduan; 2. Prioritas "
    "Instansi untuk meningkatkan efektifitas pengelolaan pengaduan; 3. Dokumen lainnya."
)
MINUTES_SIGNED_BY = "AHYAR KASIM SH., MH., Plt. Kepala Dinas Komunikasi Informatika Statistik dan Persandian Kab. Luwu"
ATTENDEES = [
    ("ANWAR KAMIN", "Diskominfo"),
    ("Alimusskin Hasyan.", "Diskominfo"),
    ("Irwani", "Diskominfo"),
    ("Randi EP", "Diskominfo-SP"),
    ("Devi Satia", "Diskominfo-SP"),
    ("MUH. ANWARI", "BKPSDM"),
    ("MUH. A. F. HAMKA", "IRBARWIL IV"),
    ("Supriadi", "DPMPSTP"),
    ("Erni Mas'ud", "Bag. Organisasi"),
    ("Jumandi", "Dinkes"),
    ("Alan Setias", "Kominfo"),
    ("Rusi Hartono Malik", "Kominfo"),
    ("ANWAR AMIR", ""),
    ("HENDRA", "Dikbud"),
    ("M.A. Daryom", "Diskominfo"),
    ("Sumartir", "Bay. Hukum"),
    ("SRI SARTIKATINI", "Dineos"),
    ("AYU LESTARI JUMADE", ""),
]

# Chapter IV.C.2: the budget of the public information activity.
BUDGET = [
    (
        2021,
        "Kegiatan Pelayanan Informasi Publik (Bidang Layanan Komunikasi dan Informatika)",
        Decimal(50_000_000),
    )
]
