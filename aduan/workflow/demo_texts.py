"""The words of the demo data (`aduan seed_demo`): what citizens of Luwu write, and what the
units answer. Kept apart from `demo.py` so the logic there stays readable.

Placeholders filled per report: {desa}, {kec} (kecamatan), {dusun}, {months}. Every person
and every story is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from aduan.complaints.choices import ReportType


@dataclass(frozen=True)
class Topic:
    """A kind of report: its category, its words, and who handles it."""

    key: str
    category: str  # category code of the Luwu reference data
    type: ReportType
    titles: tuple[str, ...]
    descriptions: tuple[str, ...]
    followups: tuple[str, ...] = ()
    resolutions: tuple[str, ...] = ()
    # Units that handle it (unit codes); the category's default unit when empty.
    units: tuple[str, ...] = ()
    # Kecamatan (names) where it happens; anywhere in Luwu when empty.
    districts: tuple[str, ...] = ()
    weight: int = 2
    # The coordinator's own unit (Diskominfo) handles it (*kelola*).
    handled_by_coordinator: bool = False


COMPLAINT, SUGGESTION, INFO = ReportType.COMPLAINT, ReportType.ASPIRATION, ReportType.INFO_REQUEST

TOPICS: tuple[Topic, ...] = (
    Topic(
        "jalan",
        "infrastruktur-jalan",
        COMPLAINT,
        titles=(
            "Jalan poros Desa {desa} rusak parah",
            "Jalan berlubang di {dusun} {desa}",
            "Aspal jalan menuju {desa} terkelupas",
            "Jalan tani di {desa} tidak bisa dilalui saat hujan",
        ),
        descriptions=(
            "Jalan poros di {dusun}, Desa {desa}, Kecamatan {kec} rusak dan berlubang sepanjang "
            "kurang lebih 500 meter. Kalau hujan lubangnya tergenang air dan sudah beberapa kali "
            "pengendara motor jatuh. Mohon segera diperbaiki.",
            "Sudah {months} bulan jalan ini rusak. Anak sekolah terpaksa jalan kaki karena ojek "
            "tidak mau masuk. Kami sudah sampaikan ke kepala desa, katanya itu kewenangan "
            "kabupaten.",
            "Ada lubang besar di tengah jalan dekat masjid {dusun}, Desa {desa}. Malam hari "
            "gelap sekali sehingga berbahaya. Mohon paling tidak ditimbun dulu sambil menunggu "
            "perbaikan.",
            "Jalan tani yang dipakai petani mengangkut gabah di Desa {desa} berlumpur dan "
            "amblas di beberapa titik. Hasil panen susah dikeluarkan.",
        ),
        followups=(
            "Tim UPTD Jalan dan Jembatan Dinas PUPR sudah meninjau lokasi dan mengukur "
            "kerusakan. Perbaikan dijadwalkan dalam pemeliharaan rutin bulan ini.",
            "Penimbunan sementara dengan sirtu sudah dilakukan. Penambalan aspal menunggu cuaca "
            "cerah.",
            "Ruas ini sudah kami masukkan dalam usulan DAK tahun depan; sementara itu "
            "dilakukan pemeliharaan rutin.",
        ),
        resolutions=(
            "Lubang sudah ditambal dengan aspal oleh tim pemeliharaan rutin. Terima kasih atas "
            "laporannya.",
            "Perbaikan ruas jalan sepanjang kurang lebih 350 meter sudah selesai dikerjakan.",
            "Badan jalan sudah ditimbun dan dipadatkan sehingga bisa dilalui kendaraan roda empat.",
        ),
        weight=6,
    ),
    Topic(
        "jembatan",
        "infrastruktur-jembatan",
        COMPLAINT,
        titles=("Papan jembatan gantung di {desa} lapuk", "Jembatan di {dusun} {desa} retak"),
        descriptions=(
            "Papan jembatan gantung penghubung {dusun} dengan pusat Desa {desa} banyak yang "
            "lapuk dan patah. Jembatan ini dilewati anak sekolah setiap hari, kami khawatir "
            "terjadi kecelakaan.",
            "Fondasi jembatan di {dusun} tergerus arus sungai sejak banjir bulan lalu dan "
            "lantainya mulai retak.",
        ),
        followups=(
            "Tim Bidang Bina Marga sudah memeriksa jembatan. Penggantian papan dianggarkan dari "
            "dana pemeliharaan.",
            "Jembatan sudah dipasangi rambu batas muatan sementara sambil menunggu perbaikan.",
        ),
        resolutions=(
            "Papan lantai jembatan sudah diganti dan tali sling dikencangkan.",
            "Bronjong pengaman fondasi jembatan sudah dipasang.",
        ),
        weight=2,
    ),
    Topic(
        "drainase",
        "infrastruktur-drainase",
        COMPLAINT,
        titles=(
            "Drainase tersumbat, rumah warga {desa} tergenang",
            "Banjir setiap hujan di {dusun} {desa}",
        ),
        descriptions=(
            "Saluran drainase di sepanjang jalan {dusun} tersumbat sampah dan lumpur. Setiap "
            "hujan deras air masuk ke rumah warga setinggi betis.",
            "Gorong-gorong di depan pasar {kec} tertutup tanah sehingga air meluap ke jalan.",
        ),
        followups=(
            "Petugas sudah membersihkan sebagian saluran bersama warga. Normalisasi dengan alat "
            "berat dijadwalkan minggu depan.",
        ),
        resolutions=(
            "Saluran sudah dinormalisasi dan gorong-gorong diganti dengan ukuran lebih besar.",
        ),
        weight=3,
    ),
    Topic(
        "lampu",
        "infrastruktur-lampu",
        COMPLAINT,
        titles=("Lampu jalan mati di poros {kec}", "Penerangan jalan umum di {desa} padam"),
        descriptions=(
            "Sudah tiga minggu lampu penerangan jalan di poros {kec} dekat {desa} mati semua. "
            "Jalan gelap dan rawan kecelakaan serta pencurian.",
            "Lima tiang lampu jalan di {dusun} {desa} tidak menyala sejak {months} bulan lalu.",
        ),
        followups=("Tim Dishub sudah mengecek; kerusakan ada pada panel dan beberapa lampu.",),
        resolutions=("Lampu dan panel sudah diganti, penerangan jalan menyala kembali.",),
        weight=2,
    ),
    Topic(
        "puskesmas",
        "kesehatan-puskesmas",
        COMPLAINT,
        titles=(
            "Antrean lama di Puskesmas Belopa",
            "Obat kosong di Puskesmas, pasien disuruh beli di apotek",
            "Petugas puskesmas datang terlambat",
        ),
        descriptions=(
            "Saya membawa ibu saya berobat ke Puskesmas Belopa pukul 08.00, baru dilayani "
            "pukul 12.00. Loket baru buka pukul 09.00 padahal jadwalnya 08.00.",
            "Resep dari dokter puskesmas tidak bisa diambil karena obatnya kosong. Kami disuruh "
            "membeli sendiri di apotek padahal kami peserta JKN.",
            "Beberapa kali saya datang pagi ke puskesmas, ruang pemeriksaan umum masih tutup "
            "sampai pukul 09.30.",
        ),
        followups=(
            "Kepala Puskesmas sudah melakukan pembinaan kepada petugas loket dan menambah satu "
            "petugas pendaftaran pada jam sibuk.",
            "Permintaan obat sudah diajukan ke Instalasi Farmasi Dinas Kesehatan.",
        ),
        resolutions=(
            "Loket pendaftaran kini buka tepat pukul 08.00 dan nomor antrean bisa diambil "
            "lewat WhatsApp.",
            "Stok obat sudah tersedia kembali. Pasien dapat mengambil obat di apotek puskesmas.",
        ),
        units=("pkm-belopa",),
        districts=("Belopa", "Belopa Utara"),
        weight=3,
    ),
    Topic(
        "rsud",
        "kesehatan-rsud",
        COMPLAINT,
        titles=("Pasien BPJS diminta beli obat sendiri di RSUD Batara Guru",),
        descriptions=(
            "Ayah saya dirawat di RSUD Batara Guru Belopa sebagai peserta BPJS kelas III, "
            "tetapi keluarga diminta membeli obat dan infus di luar rumah sakit.",
            "Kamar mandi bangsal penyakit dalam RSUD tidak ada airnya selama dua hari.",
        ),
        followups=("Manajemen RSUD sudah memanggil kepala ruangan dan bagian farmasi.",),
        resolutions=(
            "Biaya obat yang dibeli keluarga sudah dikembalikan dan prosedur farmasi diperbaiki.",
        ),
        weight=2,
    ),
    Topic(
        "kis",
        "kesehatan-jkn",
        COMPLAINT,
        titles=("Kartu KIS tiba-tiba tidak aktif", "KIS ibu saya nonaktif saat berobat"),
        descriptions=(
            "Waktu berobat ke puskesmas, kartu KIS saya dinyatakan tidak aktif. Saya tidak "
            "pernah diberi tahu. Saya buruh tani dan tidak mampu membayar iuran.",
            "KIS ibu saya (lansia) nonaktif sehingga harus membayar umum di rumah sakit.",
        ),
        followups=(
            "Data sudah dicek; peserta dikeluarkan dari PBI pada pemutakhiran DTKS terakhir.",
        ),
        resolutions=(
            "Kepesertaan sudah diaktifkan kembali melalui PBI APBD. Kartu dapat dipakai mulai "
            "hari ini.",
        ),
        weight=2,
    ),
    Topic(
        "gizi",
        "kesehatan-gizi",
        COMPLAINT,
        titles=("PMT balita di posyandu {desa} tidak dibagikan",),
        descriptions=(
            "Makanan tambahan untuk balita gizi kurang di posyandu {dusun} {desa} sudah dua "
            "bulan tidak dibagikan. Anak saya termasuk yang ditimbang kurang.",
        ),
        followups=("Bidan desa dan petugas gizi puskesmas sudah mengunjungi posyandu.",),
        resolutions=(
            "PMT sudah didistribusikan dan balita dipantau setiap minggu oleh bidan desa.",
        ),
        weight=1,
    ),
    Topic(
        "sekolah",
        "pendidikan-sekolah",
        COMPLAINT,
        titles=(
            "Atap ruang kelas SD di {desa} bocor",
            "Pungutan uang seragam di sekolah",
            "WC sekolah di {desa} tidak bisa dipakai",
        ),
        descriptions=(
            "Atap dua ruang kelas SD negeri di Desa {desa} bocor. Kalau hujan murid dipulangkan "
            "atau belajar di teras.",
            "Sekolah anak saya meminta uang seragam dan buku Rp850.000 padahal katanya "
            "sekolah gratis. Kami keberatan.",
            "WC murid di SD Desa {desa} rusak dan tidak ada air, anak-anak harus pulang ke rumah.",
        ),
        followups=("Pengawas sekolah sudah berkunjung dan meminta keterangan kepala sekolah.",),
        resolutions=(
            "Perbaikan atap sudah dikerjakan dengan dana BOS dan swadaya komite.",
            "Pungutan dibatalkan; uang yang sudah dibayar dikembalikan kepada orang tua murid.",
        ),
        weight=3,
    ),
    Topic(
        "pip",
        "pendidikan-bantuan",
        COMPLAINT,
        titles=("Dana PIP anak saya belum cair",),
        descriptions=(
            "Anak saya terdaftar penerima PIP di SMP tetapi dananya belum bisa dicairkan di "
            "bank. Kata sekolah rekeningnya belum aktif.",
        ),
        followups=("Operator sekolah sudah mengajukan aktivasi rekening ke bank penyalur.",),
        resolutions=("Rekening sudah aktif dan dana PIP sudah dicairkan orang tua murid.",),
        weight=2,
    ),
    Topic(
        "ppdb",
        "pendidikan-ppdb",
        COMPLAINT,
        titles=("Anak tidak diterima di SMP terdekat karena zonasi",),
        descriptions=(
            "Rumah kami hanya sekitar 800 meter dari SMP negeri di {kec}, tetapi anak saya "
            "tidak diterima di jalur zonasi, sementara yang rumahnya jauh diterima.",
        ),
        followups=("Panitia SPMB sudah mengecek titik koordinat domisili calon murid.",),
        resolutions=("Terjadi kesalahan titik koordinat; anak Bapak/Ibu sudah diterima.",),
        weight=1,
    ),
    Topic(
        "ktp",
        "adminduk-ktp",
        COMPLAINT,
        titles=(
            "KTP elektronik belum jadi sejak {months} bulan",
            "Blanko KTP habis di kantor kecamatan {kec}",
        ),
        descriptions=(
            "Saya rekam KTP elektronik {months} bulan lalu tetapi sampai sekarang belum dicetak. "
            "Setiap ditanya jawabannya blanko kosong. Saya perlu KTP untuk melamar kerja.",
            "Di kecamatan {kec} kami hanya diberi surat keterangan karena blanko KTP habis. "
            "Surat itu tidak diterima di bank.",
        ),
        followups=("Data perekaman sudah kami cek dan masuk antrean cetak.",),
        resolutions=(
            "KTP elektronik sudah dicetak dan bisa diambil di kantor Dukcapil atau dikirim "
            "lewat kantor kecamatan.",
        ),
        weight=4,
    ),
    Topic(
        "kk",
        "adminduk-kk",
        COMPLAINT,
        titles=("Perubahan kartu keluarga tidak selesai-selesai",),
        descriptions=(
            "Saya mengurus penambahan anggota KK setelah anak lahir, berkas sudah lengkap tetapi "
            "sudah tiga minggu belum selesai.",
        ),
        resolutions=(
            "KK baru sudah terbit dan dikirim dalam bentuk PDF ke nomor WhatsApp pelapor.",
        ),
        weight=2,
    ),
    Topic(
        "akta",
        "adminduk-akta",
        COMPLAINT,
        titles=("Nama di akta kelahiran anak salah ketik",),
        descriptions=(
            "Nama anak saya di akta kelahiran salah satu huruf dan berbeda dengan KK. Untuk "
            "perbaikan saya diminta bolak-balik ke Belopa.",
        ),
        resolutions=("Akta sudah diperbaiki dan dapat dicetak sendiri dengan kertas HVS.",),
        weight=1,
    ),
    Topic(
        "pkh",
        "bansos-pkh",
        COMPLAINT,
        titles=("Bantuan PKH tidak cair tiga tahap", "BPNT tidak masuk ke kartu"),
        descriptions=(
            "Saya penerima PKH di Desa {desa}. Sudah tiga tahap bantuan tidak masuk ke rekening, "
            "sementara tetangga saya tetap menerima.",
            "Saldo kartu BPNT saya kosong sejak {months} bulan lalu. Pendamping bilang datanya "
            "sedang diperbaiki.",
        ),
        followups=("Pendamping PKH Kecamatan {kec} sudah memeriksa status kepesertaan.",),
        resolutions=(
            "Status rekening sudah diperbaiki; bantuan tahap berikutnya masuk ke rekening "
            "penerima.",
        ),
        weight=3,
    ),
    Topic(
        "dtks",
        "bansos-dtks",
        COMPLAINT,
        titles=("Keluarga miskin di {desa} tidak terdaftar DTKS",),
        descriptions=(
            "Nenek saya tinggal sendiri dan tidak bekerja tetapi tidak pernah terdaftar sebagai "
            "penerima bantuan. Ada warga yang punya mobil justru menerima.",
        ),
        followups=("Sudah diusulkan dalam musyawarah desa untuk pemutakhiran DTSEN.",),
        resolutions=("Yang bersangkutan sudah masuk data terpadu dan diusulkan menerima BPNT.",),
        weight=2,
    ),
    Topic(
        "disabilitas",
        "bansos-disabilitas",
        COMPLAINT,
        titles=("Mohon bantuan kursi roda untuk anak disabilitas",),
        descriptions=(
            "Anak saya penyandang disabilitas fisik, umur 12 tahun. Kursi rodanya sudah rusak "
            "dan kami tidak mampu membeli yang baru.",
        ),
        resolutions=("Kursi roda sudah diserahkan oleh Dinas Sosial di rumah penerima.",),
        weight=1,
    ),
    Topic(
        "air",
        "air-bersih",
        COMPLAINT,
        titles=(
            "Air bersih tidak mengalir di {desa} sudah dua minggu",
            "Pipa air bersih di {dusun} bocor",
        ),
        descriptions=(
            "Air dari jaringan perpipaan di Desa {desa} tidak mengalir sudah dua minggu. Warga "
            "terpaksa membeli air galon untuk masak.",
            "Pipa induk air bersih di {dusun} {desa} bocor besar, air terbuang ke jalan.",
        ),
        followups=("Tim teknis sudah menemukan kebocoran pipa transmisi dan sedang memperbaiki.",),
        resolutions=("Pipa sudah diganti dan air kembali mengalir ke rumah warga.",),
        units=("perkim",),
        weight=3,
    ),
    Topic(
        "jamban",
        "air-sanitasi",
        COMPLAINT,
        titles=("Bantuan jamban sehat belum diterima",),
        descriptions=(
            "Nama saya ada di daftar penerima bantuan jamban sehat tahun ini tetapi bahan "
            "belum juga diantar.",
        ),
        resolutions=("Bahan bangunan jamban sudah diantar ke rumah penerima.",),
        weight=1,
    ),
    Topic(
        "nib",
        "perizinan-usaha",
        COMPLAINT,
        titles=("Pengurusan NIB di MPP lambat", "Izin usaha warung kopi tidak terbit"),
        descriptions=(
            "Saya mengurus NIB untuk usaha kecil di Mal Pelayanan Publik Belopa, tetapi "
            "petugasnya bilang sistem OSS sedang gangguan sejak seminggu.",
            "Pengajuan izin usaha saya ditolak tanpa penjelasan yang jelas.",
        ),
        resolutions=("NIB sudah terbit; petugas MPP mendampingi pelapor secara langsung.",),
        weight=2,
    ),
    Topic(
        "pbg",
        "perizinan-bangunan",
        COMPLAINT,
        titles=("PBG ruko sudah dua bulan belum terbit",),
        descriptions=(
            "Permohonan PBG untuk ruko kami di {kec} sudah lengkap dan retribusi sudah dibayar "
            "tetapi dua bulan belum terbit.",
        ),
        followups=("Berkas sudah diverifikasi tim profesi ahli; menunggu tanda tangan.",),
        resolutions=("PBG sudah terbit dan dapat diunduh di SIMBG.",),
        weight=1,
    ),
    Topic(
        "sampah",
        "lingkungan-sampah",
        COMPLAINT,
        titles=("Sampah di pasar {kec} tidak diangkut", "Tumpukan sampah di pinggir jalan {desa}"),
        descriptions=(
            "Sampah di pasar {kec} sudah seminggu tidak diangkut. Baunya sampai ke rumah warga "
            "dan banyak lalat.",
            "Ada tumpukan sampah liar di pinggir jalan poros Desa {desa}, sebagian dibakar "
            "warga dan asapnya mengganggu.",
        ),
        resolutions=(
            "Sampah sudah diangkut dan jadwal truk ke lokasi ditambah menjadi tiga kali seminggu.",
        ),
        weight=2,
    ),
    Topic(
        "pencemaran",
        "lingkungan-pencemaran",
        COMPLAINT,
        titles=("Sungai di {desa} keruh, diduga limbah tambang",),
        descriptions=(
            "Air sungai di Desa {desa} berubah keruh kecokelatan sejak ada aktivitas tambang di "
            "hulu. Warga tidak bisa lagi memakai air sungai untuk mandi dan mencuci.",
        ),
        followups=("DLH sudah mengambil sampel air untuk diuji di laboratorium.",),
        resolutions=(
            "Perusahaan diberi sanksi administratif dan wajib memperbaiki kolam pengendapan.",
        ),
        weight=1,
    ),
    Topic(
        "balap",
        "ketertiban-umum",
        COMPLAINT,
        titles=("Balap liar setiap malam Minggu di poros {kec}",),
        descriptions=(
            "Setiap malam Minggu ada balap liar di jalan poros {kec} sampai jam dua pagi. "
            "Suaranya mengganggu dan membahayakan pengguna jalan.",
        ),
        resolutions=("Satpol PP bersama Polsek menggelar patroli rutin setiap malam Minggu.",),
        weight=1,
    ),
    Topic(
        "kantor-desa",
        "desa-layanan",
        COMPLAINT,
        titles=("Kantor Desa {desa} sering tutup pada jam kerja",),
        descriptions=(
            "Saya tiga kali datang ke kantor Desa {desa} untuk surat keterangan usaha, kantornya "
            "tutup padahal hari kerja.",
        ),
        resolutions=("Camat sudah menegur pemerintah desa; jadwal piket perangkat desa dipasang.",),
        weight=2,
    ),
    Topic(
        "dana-desa",
        "desa-dana",
        COMPLAINT,
        titles=(
            "Dugaan penyalahgunaan BLT Dana Desa di {desa}",
            "Pembangunan talud dana desa di {desa} tidak sesuai RAB",
        ),
        descriptions=(
            "BLT Dana Desa di {desa} dipotong Rp100.000 per penerima oleh oknum perangkat desa "
            "dengan alasan uang administrasi.",
            "Talud yang dibangun dengan dana desa di {dusun} {desa} sudah retak padahal baru "
            "selesai. Papan proyeknya tidak mencantumkan volume pekerjaan.",
        ),
        followups=("Inspektorat sudah menurunkan tim untuk pemeriksaan khusus.",),
        resolutions=(
            "Hasil pemeriksaan: terdapat kelebihan pembayaran yang wajib dikembalikan ke kas "
            "desa; rekomendasi sudah disampaikan kepada Bupati.",
        ),
        weight=2,
    ),
    Topic(
        "aplikasi",
        "lainnya",
        COMPLAINT,
        titles=("Situs pengaduan sulit dibuka dari HP",),
        descriptions=(
            "Saya mencoba mengirim laporan lewat situs, tetapi halamannya lama sekali terbuka "
            "di HP dan gagal mengunggah foto.",
        ),
        followups=("Tim Diskominfo sedang memeriksa kapasitas server.",),
        resolutions=("Server sudah ditingkatkan dan unggah foto diperkecil otomatis.",),
        handled_by_coordinator=True,
        weight=1,
    ),
    # Suggestions (aspirasi)
    Topic(
        "usul-dukcapil",
        "adminduk-ktp",
        SUGGESTION,
        titles=("Usul layanan Dukcapil dibuka hari Sabtu",),
        descriptions=(
            "Banyak warga yang bekerja di kebun atau merantau hanya bisa mengurus dokumen pada "
            "hari Sabtu. Kami usul layanan Dukcapil keliling di kecamatan pada akhir pekan.",
        ),
        resolutions=("Terima kasih. Layanan jemput bola Sabtu dibuka bergilir di kecamatan.",),
        weight=1,
    ),
    Topic(
        "usul-taman",
        "lainnya",
        SUGGESTION,
        titles=("Usulan taman bermain ramah anak di {kec}",),
        descriptions=(
            "Kami mengusulkan taman bermain dan ruang terbuka hijau yang aman untuk anak-anak "
            "di {kec}, sekaligus dilengkapi jalur untuk penyandang disabilitas.",
        ),
        resolutions=("Usulan sudah masuk Musrenbang kecamatan untuk tahun anggaran berikutnya.",),
        units=("perkim",),
        weight=1,
    ),
    Topic(
        "usul-angkutan",
        "lainnya",
        SUGGESTION,
        titles=("Usul trayek angkutan pedesaan ke {desa}",),
        descriptions=(
            "Belum ada angkutan umum dari {desa} ke Belopa. Anak sekolah dan pedagang harus "
            "menyewa ojek yang mahal. Kami usul trayek angkutan pedesaan.",
        ),
        resolutions=("Usulan trayek sedang dikaji bersama Organda dan akan diuji coba.",),
        units=("dishub",),
        weight=1,
    ),
    Topic(
        "usul-pelatihan",
        "bansos-disabilitas",
        SUGGESTION,
        titles=("Usulan pelatihan kerja untuk penyandang disabilitas",),
        descriptions=(
            "Kami dari kelompok penyandang disabilitas di {kec} mengusulkan pelatihan menjahit "
            "dan servis HP agar bisa mandiri.",
        ),
        resolutions=("Pelatihan dijadwalkan bersama Balai Latihan Kerja pada triwulan depan.",),
        weight=1,
    ),
    # Information requests (UU 14/2008)
    Topic(
        "info-apbdes",
        "desa-layanan",
        INFO,
        titles=("Permohonan informasi APBDes {desa}",),
        descriptions=(
            "Saya memohon salinan APBDes Desa {desa} tahun berjalan beserta laporan realisasi "
            "tahun lalu.",
        ),
        followups=("Permohonan sudah diteruskan kepada pemerintah Desa {desa}.",),
        resolutions=("Salinan APBDes dan laporan realisasi sudah dikirim ke surel pemohon.",),
        weight=1,
    ),
    Topic(
        "info-bansos",
        "bansos-dtks",
        INFO,
        titles=("Permintaan data jumlah penerima bansos di {desa}",),
        descriptions=(
            "Mohon informasi jumlah keluarga penerima PKH dan BPNT di Desa {desa}, untuk "
            "kegiatan kelompok pemuda kami.",
        ),
        resolutions=("Data jumlah penerima per dusun (tanpa nama) sudah dikirimkan.",),
        weight=1,
    ),
    Topic(
        "info-pbg",
        "perizinan-bangunan",
        INFO,
        titles=("Informasi syarat pengurusan PBG rumah tinggal",),
        descriptions=("Apa saja syarat dan biaya mengurus PBG untuk rumah tinggal dua lantai?",),
        resolutions=("Daftar persyaratan dan tarif retribusi PBG sudah dikirimkan.",),
        weight=1,
    ),
    Topic(
        "info-imunisasi",
        "kesehatan-puskesmas",
        INFO,
        titles=("Jadwal imunisasi dan posyandu di {desa}",),
        descriptions=(
            "Mohon informasi jadwal posyandu dan imunisasi balita di Desa {desa} bulan ini.",
        ),
        resolutions=("Jadwal posyandu bulan ini sudah dikirim melalui WhatsApp.",),
        units=("dinkes",),
        weight=1,
    ),
    Topic(
        "info-kontrak",
        "infrastruktur-jalan",
        INFO,
        titles=("Permohonan informasi nilai kontrak jalan {kec}",),
        descriptions=(
            "Saya memohon informasi nilai kontrak, pelaksana, dan masa pemeliharaan proyek "
            "peningkatan jalan di {kec} tahun lalu.",
        ),
        resolutions=("Informasi kontrak (nilai, pelaksana, masa pemeliharaan) sudah diberikan.",),
        weight=1,
    ),
)


@dataclass(frozen=True)
class Misaddressed:
    """A report that is not the regency's authority: forwarded (*bukan wewenang*)."""

    title: str
    description: str
    reason: str
    to_lapor: bool  # else to Pemerintah Kabupaten Luwu Utara


MISADDRESSED: tuple[Misaddressed, ...] = (
    Misaddressed(
        "Jalan poros Baebunta-Masamba berlubang",
        "Jalan dekat Desa {desa} di Kabupaten Luwu Utara berlubang besar dan sering terjadi "
        "kecelakaan. Saya melintas setiap hari dari Belopa.",
        "Lokasi berada di wilayah Kabupaten Luwu Utara; laporan diteruskan ke Pemerintah "
        "Kabupaten Luwu Utara.",
        to_lapor=False,
    ),
    Misaddressed(
        "Puskesmas di {desa} Luwu Utara kekurangan bidan",
        "Saya warga Luwu yang berkebun di {desa}, Luwu Utara. Puskesmas pembantu di sana "
        "sering tidak ada petugas.",
        "Puskesmas tersebut milik Pemerintah Kabupaten Luwu Utara; laporan diteruskan.",
        to_lapor=False,
    ),
    Misaddressed(
        "Listrik sering padam di {kec}",
        "Listrik PLN di {kec} padam hampir setiap malam selama satu sampai dua jam tanpa "
        "pemberitahuan. Alat elektronik warga banyak yang rusak.",
        "Kewenangan PT PLN (Persero); diteruskan melalui SP4N-LAPOR! kepada PLN UP3 Palopo.",
        to_lapor=True,
    ),
    Misaddressed(
        "Jalan nasional Trans Sulawesi di {kec} berlubang",
        "Jalan Trans Sulawesi di {kec} banyak lubang dan tambalan yang bergelombang.",
        "Jalan nasional adalah kewenangan BBPJN Sulawesi Selatan (Kementerian PU); diteruskan "
        "melalui SP4N-LAPOR!.",
        to_lapor=True,
    ),
)


@dataclass(frozen=True)
class Junk:
    title: str
    description: str
    reason: str  # ArchiveReason value
    note: str


JUNK: tuple[Junk, ...] = (
    Junk(
        "Pinjaman online cepat cair",
        "Dana cair 5 menit tanpa agunan, bunga rendah. Hubungi admin kami sekarang juga!!!",
        "spam",
        "Promosi, bukan pengaduan.",
    ),
    Junk("tolong pak", "tolong pak dicek", "unclear", "Isi laporan tidak dapat dipahami."),
    Junk(
        "Pemerintah harus lebih baik",
        "Pemerintah daerah harus lebih memperhatikan rakyat kecil di semua bidang.",
        "too_general",
        "Tidak menyebut layanan, tempat, atau kejadian tertentu.",
    ),
    Junk(
        "Tes",
        "Tes kirim laporan dari HP.",
        "irrelevant",
        "Pesan percobaan dari pelapor.",
    ),
)

FEMALE_NAMES = (
    "Hasnawati",
    "Sitti Aminah",
    "Nurhayati",
    "Fitriani",
    "Marlina",
    "Jumriah",
    "Kasmawati",
    "Darmawati",
    "Reski Amalia",
    "Wahyuni",
    "Rosmiati",
    "Sri Wahyuni",
    "Indah Sari",
    "Hj. Bunga",
    "Nur Alam",
    "Andi Tenri",
)
MALE_NAMES = (
    "Andi Baso",
    "Muh. Ridwan",
    "Rahmat Hidayat",
    "Abd. Rahman",
    "Syamsuddin",
    "Irwan",
    "Sulaiman",
    "Arifin",
    "Yusran",
    "Ahmad Fauzi",
    "Hasanuddin",
    "Nasrullah",
    "Ismail",
    "Agus Salim",
    "Muhammad Akbar",
    "Haeruddin",
)
VULNERABLE_GROUPS = ("lansia", "ibu hamil", "orang tua tunggal", "masyarakat adat")
DUSUN = ("Dusun I", "Dusun II", "Dusun III", "Dusun Tanete", "Dusun Salubua", "Dusun Lamunre")

INSTRUCTIONS = (
    "Mohon ditindaklanjuti sesuai SOP dan dilaporkan perkembangannya.",
    "Segera ditinjau ke lokasi.",
    "Mohon koordinasi dengan pemerintah desa setempat.",
    "",
)
INTERNAL_NOTES = (
    "Sudah koordinasi dengan kepala desa melalui telepon.",
    "Menunggu ketersediaan anggaran pemeliharaan.",
    "Petugas lapangan dijadwalkan Kamis.",
)
HOLD_QUESTIONS = (
    "Mohon dilengkapi titik lokasi yang lebih jelas atau foto kondisi saat ini.",
    "Mohon kirimkan NIK dan nomor KK yang bersangkutan agar datanya dapat dicek.",
    "Mohon sebutkan nama sekolah atau kantor yang Bapak/Ibu maksud.",
)
HOLD_ANSWERS = (
    "Lokasinya di depan masjid, sekitar 200 meter dari kantor desa. Fotonya sudah saya kirim "
    "lewat WhatsApp.",
    "NIK dan nomor KK sudah saya kirim ke nomor WhatsApp layanan.",
    "Maaf, yang saya maksud SD negeri di dekat pasar.",
)
STAFF_RESUME_NOTES = ("Pelapor sudah memberikan keterangan tambahan melalui telepon.",)
REPORTER_NUDGES = (
    "Mohon informasi perkembangannya, Pak/Bu.",
    "Sudah dua minggu belum ada kabar, mohon ditindaklanjuti.",
)
REOPEN_MESSAGES = (
    "Belum selesai, kondisinya masih sama seperti sebelumnya.",
    "Perbaikannya hanya sebagian, bagian dekat rumah kami belum disentuh.",
    "Maaf, setelah hujan kemarin rusak lagi.",
)
CONFIRM_NOTES = (
    "Terima kasih, sudah beres.",
    "Alhamdulillah sudah selesai, terima kasih atas respons cepatnya.",
    "",
)
CLOSE_NOTES = ("Pelapor mengonfirmasi melalui telepon bahwa masalah sudah selesai.",)
EXTENSION_REASONS = (
    "Data yang diminta masih direkap dari beberapa desa; diperpanjang 7 hari kerja sesuai "
    "UU 14/2008.",
)
DUPLICATE_NOTE = "Laporan yang sama sudah masuk sebelumnya dari pelapor yang sama."
DEFAULT_FOLLOWUPS = {
    ReportType.COMPLAINT: "Laporan sudah kami terima dan sedang ditindaklanjuti.",
    ReportType.ASPIRATION: "Terima kasih, usulan Bapak/Ibu sedang dikaji bersama bidang terkait.",
    ReportType.INFO_REQUEST: "Permohonan informasi sedang kami siapkan.",
}
