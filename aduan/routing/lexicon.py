"""A few words per sector and per scope that any Indonesian reader ties to it, for training.

The public reports teach the base models how people write to each sector; some sectors get a
handful of reports a month (public order, environment, the water utility), too few for words
such as "satpol" or "tpa" to show up at all. These lines are added to the training reports, one
per label, as if a citizen had written them. They are written from what each kind of unit does
in a regency (its name, its services in everyday words), not from the reports the models are
measured on.
"""

from __future__ import annotations

from aduan.routing.choices import Scope, Sector

SECTOR_WORDS: dict[str, str] = {
    Sector.PUBLIC_WORKS: (
        "jalan rusak berlubang aspal jembatan drainase saluran selokan gorong-gorong irigasi "
        "sungai normalisasi banjir tanggul bina marga pekerjaan umum dpupr"
    ),
    Sector.ENVIRONMENT: (
        "sampah tps tpa kebersihan limbah pencemaran polusi bau asap pohon taman ruang terbuka "
        "hijau penebangan lingkungan hidup dlh pemakaman"
    ),
    Sector.TRANSPORT: (
        "lalu lintas rambu marka traffic light lampu merah parkir liar juru parkir angkot "
        "angkutan umum terminal bus trayek macet kemacetan dishub perhubungan uji kir ojek taksi"
    ),
    Sector.CIVIL_REGISTRY: (
        "ktp e-ktp kartu keluarga akta kelahiran akta kematian kependudukan dukcapil blangko "
        "nik pindah datang surat keterangan perekaman"
    ),
    Sector.EDUCATION: (
        "sekolah guru murid siswa pendidikan ppdb zonasi beasiswa kip pip ijazah kampus "
        "mahasiswa kuliah dosen universitas pungutan komite sekolah"
    ),
    Sector.HEALTH: (
        "puskesmas rumah sakit rsud dokter perawat pasien obat rawat inap kesehatan jkn kis "
        "faskes rujukan vaksin imunisasi posyandu dinkes"
    ),
    Sector.SOCIAL: (
        "bantuan sosial bansos pkh bpnt rastra raskin kks penerima manfaat miskin dtks "
        "disabilitas lansia anak terlantar dinsos"
    ),
    Sector.PUBLIC_ORDER: (
        "pkl pedagang kaki lima satpol trotoar penertiban perda ketertiban tempat hiburan "
        "karaoke miras minuman keras reklame liar bangunan liar kebakaran damkar pengamen"
    ),
    Sector.HOUSING: (
        "perumahan permukiman rumah tidak layak huni rtlh fasum fasos imb izin mendirikan "
        "bangunan tata ruang penerangan jalan pju sertifikat tanah"
    ),
    Sector.WATER_UTILITY: (
        "pdam air bersih air keruh air mati tidak mengalir meteran air tagihan air pipa bocor "
        "sambungan air"
    ),
    Sector.DISTRICT_OFFICE: (
        "kecamatan kelurahan camat lurah kantor kelurahan rt rw surat pengantar pelayanan kecamatan"
    ),
}

SCOPE_WORDS: dict[str, str] = {
    Scope.BPJS: (
        "bpjs bpjs kesehatan bpjs ketenagakerjaan bpjstk jkn kis jht jaminan hari tua klaim "
        "kpj faskes iuran denda kepesertaan peserta"
    ),
    Scope.BUMN_BUMD: (
        "pln listrik token meteran listrik pertamina spbu elpiji gas lpg telkom indihome "
        "kereta api pos indonesia bank bri bni mandiri btn pdam"
    ),
    Scope.CENTRAL: (
        "kementerian imigrasi paspor polisi polri pns cpns bkn pensiun taspen pajak bea cukai "
        "kemenag haji pusat nasional"
    ),
    Scope.REGIONAL: (
        "pemkot pemkab pemda dinas kecamatan kelurahan bupati walikota gubernur jalan kota "
        "kabupaten provinsi"
    ),
}
