/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_PROFILE_H
#define LPWA_MODULE_PROFILE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief What distinguishes one module model from another: a plain data record.
 *
 * A profile holds the figures and behaviours that differ between models (radio access
 * technologies, context and socket counts, SSL versions, cipher suites, buffer sizes, quirks).
 * The built-in profiles are the Quectel models of Table 1 of the BG95/BG77/BG600L SSL
 * Application Note, then the OneMO model families of Table 1 of the OneMO SSL AT command
 * manual (MN316, MN316-S, MN326, ML302A ... ML307G); other models are added with Register().
 * Model code reads a profile's fields and quirk flags and never branches on a model name.
 *
 * Identifier ranges: PDP context IDs run from GetPdpContextIdMin() to GetPdpContextIdMax();
 * socket (connect/client) IDs from 0 to GetSocketCount() - 1; SSL context IDs from 0 to
 * GetSslContextCount() - 1.
 *
 * The setters return the profile so that a table entry reads as one expression:
 * `ModuleProfile().SetName("X").SetDialect(...)...`.
 */
class ModuleProfile
{
  public:
    /// The AT command dialect a model speaks.
    enum class Dialect : uint8_t
    {
        QUECTEL, //!< Quectel: AT+QICSGP, AT+QIACT, AT+QSSLCFG, AT+QSSLOPEN, AT+QFUPL ...
        ONEMO,   //!< China Mobile IoT OneMO: AT+MIPCALL, AT+MIPOPEN, AT+MSSLCFG ...
    };

    /// Radio access technologies, as bits of GetRats().
    enum Rat : uint32_t
    {
        CAT_M1 = 1U << 0,   //!< LTE-M Cat-M1
        CAT_NB1 = 1U << 1,  //!< NB-IoT Cat-NB1 (Rel-13)
        CAT_NB2 = 1U << 2,  //!< NB-IoT Cat-NB2 (Rel-14)
        EGPRS = 1U << 3,    //!< GSM/EGPRS fallback
        LTE_CAT1 = 1U << 4, //!< LTE Cat-1 (and Cat-1 bis)
    };

    /// SSL/TLS/DTLS protocol versions, as bits of GetSslVersions().
    enum SslVersion : uint32_t
    {
        SSL_3_0 = 1U << 0,  //!< SSL 3.0
        TLS_1_0 = 1U << 1,  //!< TLS 1.0
        TLS_1_1 = 1U << 2,  //!< TLS 1.1
        TLS_1_2 = 1U << 3,  //!< TLS 1.2
        TLS_1_3 = 1U << 4,  //!< TLS 1.3
        DTLS_1_0 = 1U << 5, //!< DTLS 1.0
        DTLS_1_2 = 1U << 6, //!< DTLS 1.2
    };

    /// Behaviours seen on real modules that the manuals do not describe, as bits of GetQuirks().
    enum Quirk : uint32_t
    {
        /**
         * After a PDP deactivation, an open that was aborted leaves its connect ID claimed:
         * a retry on that ID fails with error 563 until the host closes the ID
         * (AT+QSSLCLOSE / AT+QICLOSE). Source: /work/shared/real-clients.md.
         */
        CONNECT_ID_CLAIMED_AFTER_PDP_LOSS = 1U << 0,
        /**
         * A quoted cipher-suite value, `AT+QSSLCFG="ciphersuite",<ctx>,"0XFFFF"`, is answered
         * with ERROR: the value must be unquoted hex. Source: /work/shared/real-clients.md.
         */
        QUOTED_CIPHERSUITE_REJECTED = 1U << 1,
        /**
         * A connection closed by the peer or by PDP loss stays in socket state 4 ("closing")
         * after its "closed" URC until the host closes it. Sources: SSL Application Note 2.4.2
         * and /work/shared/real-clients.md.
         */
        CLOSED_SOCKET_WAITS_FOR_HOST_CLOSE = 1U << 2,
    };

    /**
     * Input encodings of an inline certificate, key or PSK write (OneMO
     * `AT+MSSLCFG="encoding"` `<input_format>`), as bits of GetCertInputEncodings(). Bit n is
     * the manual's value n.
     */
    enum CertInputEncoding : uint32_t
    {
        INPUT_ASCII = 1U << 0,   //!< 0: ascii string, stored as typed
        INPUT_HEX = 1U << 1,     //!< 1: hex string, two digits per byte
        INPUT_ESCAPED = 1U << 2, //!< 2: escaped string (`\r\n` for a line break)
    };

    /**
     * Digest algorithms of OneMO `AT+MSSLCHECK` `<verify_alg>`, as bits of
     * GetCertCheckAlgorithms(). Bit n is the manual's value n.
     */
    enum CertCheckAlgorithm : uint32_t
    {
        CHECK_MD5 = 1U << 0,    //!< 0: MD5
        CHECK_SHA1 = 1U << 1,   //!< 1: SHA (SHA-1)
        CHECK_SHA256 = 1U << 2, //!< 2: SHA256
        CHECK_CRC = 1U << 3,    //!< 3: CRC (CRC-32)
    };

    ModuleProfile();

    /**
     * \brief Get the model name.
     * \return e.g. "BG95-M3"
     */
    const std::string& GetName() const;
    /**
     * \brief Get the module series.
     * \return e.g. "BG95"
     */
    const std::string& GetSeries() const;
    /**
     * \brief Get the AT command dialect.
     * \return the dialect
     */
    Dialect GetDialect() const;
    /**
     * \brief Get the manufacturer's one-line description.
     * \return e.g. "Cat M1/Cat NB2/EGPRS"
     */
    const std::string& GetDescription() const;
    /**
     * \brief Get the radio access technologies.
     * \return a bit set of Rat values
     */
    uint32_t GetRats() const;
    /**
     * \brief Whether the model supports a radio access technology.
     * \param rat one Rat value
     * \return true if supported
     */
    bool IsRatSupported(Rat rat) const;
    /**
     * \brief Get the smallest PDP context ID.
     * \return the ID (Quectel: 1)
     */
    uint32_t GetPdpContextIdMin() const;
    /**
     * \brief Get the largest PDP context ID.
     * \return the ID (Quectel: 16)
     */
    uint32_t GetPdpContextIdMax() const;
    /**
     * \brief Get how many PDP contexts can be active at once.
     * \return the count
     */
    uint32_t GetMaxActivePdpContexts() const;
    /**
     * \brief Get the number of socket (connect/client) IDs.
     * \return the count; IDs run from 0 to count - 1
     */
    uint32_t GetSocketCount() const;
    /**
     * \brief Get how many SSL connections can be open at once.
     * \return the count (at most GetSocketCount())
     */
    uint32_t GetMaxSslConnections() const;
    /**
     * \brief Get the number of SSL contexts.
     * \return the count; IDs run from 0 to count - 1
     */
    uint32_t GetSslContextCount() const;
    /**
     * \brief Get the supported protocol versions.
     * \return a bit set of SslVersion values
     */
    uint32_t GetSslVersions() const;
    /**
     * \brief Whether the model supports a protocol version.
     * \param version one SslVersion value
     * \return true if supported
     */
    bool IsSslVersionSupported(SslVersion version) const;
    /**
     * \brief Get the supported cipher suites, in the manual's order.
     * \return IANA cipher-suite numbers, all present in CipherSuiteTable
     */
    const std::vector<uint16_t>& GetCipherSuites() const;
    /**
     * \brief Whether the model supports a cipher suite.
     * \param id the IANA cipher-suite number
     * \return true if it is in GetCipherSuites()
     */
    bool IsCipherSuiteSupported(uint16_t id) const;
    /**
     * \brief Get the largest payload of one send command (Quectel AT+QSSLSEND `<sendlen>`).
     * \return bytes
     */
    uint32_t GetMaxSendLength() const;
    /**
     * \brief Get the largest payload of one read command (Quectel AT+QSSLRECV `<readlen>`).
     * \return bytes
     */
    uint32_t GetMaxReadLength() const;
    /**
     * \brief Get the receive buffer of one socket (data held until the host reads it).
     * \return bytes
     */
    uint32_t GetSocketReceiveBufferSize() const;
    /**
     * \brief Get the longest AT command line the module accepts, without the final CR.
     * \return bytes
     */
    uint32_t GetMaxCommandLineLength() const;
    /**
     * \brief Get the default time the module takes to process an ordinary AT command.
     * \return the processing time
     */
    Time GetCommandProcessingTime() const;
    /**
     * \brief Get the processor class, which names a crypto and processing cost profile.
     * \return e.g. "mdm9205-a7"
     */
    const std::string& GetMcuClass() const;
    /**
     * \brief Get the quirks.
     * \return a bit set of Quirk values
     */
    uint32_t GetQuirks() const;
    /**
     * \brief Whether the model shows a quirk.
     * \param quirk one Quirk value
     * \return true if the quirk is set
     */
    bool IsQuirkSet(Quirk quirk) const;
    /**
     * \brief Whether the model has pre-shared keys: OneMO `AT+MSSLPSK` and the
     *        `AT+MSSLCFG="psk"` sub-command (not on the OneMO 4G series).
     * \return true if supported
     */
    bool IsSslPskSupported() const;
    /**
     * \brief Get the accepted `<input_format>` values of OneMO `AT+MSSLCFG="encoding"`, which
     *        govern inline certificate, key and PSK data.
     * \return a bit set of CertInputEncoding values (0 for a model without the command)
     */
    uint32_t GetCertInputEncodings() const;
    /**
     * \brief Whether an `<input_format>` value is accepted.
     * \param format the manual's value (0 ascii, 1 hex, 2 escaped)
     * \return true if its bit is set in GetCertInputEncodings()
     */
    bool IsCertInputEncodingSupported(uint32_t format) const;
    /**
     * \brief Get the digest algorithms of OneMO `AT+MSSLCHECK`.
     * \return a bit set of CertCheckAlgorithm values (0 for a model without the command)
     */
    uint32_t GetCertCheckAlgorithms() const;
    /**
     * \brief Whether a `<verify_alg>` value is supported.
     * \param algorithm the manual's value (0 MD5, 1 SHA, 2 SHA256, 3 CRC)
     * \return true if its bit is set in GetCertCheckAlgorithms()
     */
    bool IsCertCheckAlgorithmSupported(uint32_t algorithm) const;
    /**
     * \brief Whether the model has the OneMO cipher-suite query `AT+MSSLCIPHER=?`.
     * \return true if supported
     */
    bool IsCipherQuerySupported() const;
    /**
     * \brief Whether certificate and key writes (OneMO `AT+MSSLCERTWR`, `AT+MSSLKEYWR`) accept
     *        the `>` data mode; otherwise the data must be inline in the command.
     * \return true if the `>` data mode is accepted
     */
    bool IsCertDataModeSupported() const;
    /**
     * \brief Whether waking from deep sleep loses all SSL configuration and every written
     *        certificate, key and PSK (OneMO MN316/MN326).
     * \return true if the SSL state is lost
     */
    bool IsSslStateLostOnDeepSleep() const;

    /**
     * \brief Set the model name.
     * \param name the name (Find() compares it case-insensitively)
     * \return this profile
     */
    ModuleProfile& SetName(const std::string& name);
    /**
     * \brief Set the module series.
     * \param series the series
     * \return this profile
     */
    ModuleProfile& SetSeries(const std::string& series);
    /**
     * \brief Set the AT command dialect.
     * \param dialect the dialect
     * \return this profile
     */
    ModuleProfile& SetDialect(Dialect dialect);
    /**
     * \brief Set the description.
     * \param description the description
     * \return this profile
     */
    ModuleProfile& SetDescription(const std::string& description);
    /**
     * \brief Set the radio access technologies.
     * \param rats a bit set of Rat values
     * \return this profile
     */
    ModuleProfile& SetRats(uint32_t rats);
    /**
     * \brief Set the PDP context ID range and how many may be active at once.
     * \param minId the smallest ID
     * \param maxId the largest ID
     * \param maxActive the number of simultaneously active contexts
     * \return this profile
     */
    ModuleProfile& SetPdpContexts(uint32_t minId, uint32_t maxId, uint32_t maxActive);
    /**
     * \brief Set the number of socket IDs.
     * \param count the count
     * \return this profile
     */
    ModuleProfile& SetSocketCount(uint32_t count);
    /**
     * \brief Set how many SSL connections can be open at once.
     * \param count the count
     * \return this profile
     */
    ModuleProfile& SetMaxSslConnections(uint32_t count);
    /**
     * \brief Set the number of SSL contexts.
     * \param count the count
     * \return this profile
     */
    ModuleProfile& SetSslContextCount(uint32_t count);
    /**
     * \brief Set the protocol versions.
     * \param versions a bit set of SslVersion values
     * \return this profile
     */
    ModuleProfile& SetSslVersions(uint32_t versions);
    /**
     * \brief Set the cipher suites.
     * \param ids IANA cipher-suite numbers in the manual's order
     * \return this profile
     */
    ModuleProfile& SetCipherSuites(const std::vector<uint16_t>& ids);
    /**
     * \brief Set the largest payloads of one send and one read command.
     * \param maxSend the send limit in bytes
     * \param maxRead the read limit in bytes
     * \return this profile
     */
    ModuleProfile& SetTransferLimits(uint32_t maxSend, uint32_t maxRead);
    /**
     * \brief Set the receive buffer of one socket.
     * \param bytes the size
     * \return this profile
     */
    ModuleProfile& SetSocketReceiveBufferSize(uint32_t bytes);
    /**
     * \brief Set the longest AT command line.
     * \param bytes the length
     * \return this profile
     */
    ModuleProfile& SetMaxCommandLineLength(uint32_t bytes);
    /**
     * \brief Set the default command processing time.
     * \param microseconds the time in microseconds
     * \return this profile
     */
    ModuleProfile& SetCommandProcessingTimeUs(uint32_t microseconds);
    /**
     * \brief Set the processor class.
     * \param mcuClass the class name
     * \return this profile
     */
    ModuleProfile& SetMcuClass(const std::string& mcuClass);
    /**
     * \brief Set the quirks.
     * \param quirks a bit set of Quirk values
     * \return this profile
     */
    ModuleProfile& SetQuirks(uint32_t quirks);
    /**
     * \brief Set whether pre-shared keys are supported (see IsSslPskSupported()).
     * \param supported true if supported
     * \return this profile
     */
    ModuleProfile& SetSslPskSupported(bool supported);
    /**
     * \brief Set the accepted certificate input encodings.
     * \param encodings a bit set of CertInputEncoding values
     * \return this profile
     */
    ModuleProfile& SetCertInputEncodings(uint32_t encodings);
    /**
     * \brief Set the `AT+MSSLCHECK` digest algorithms.
     * \param algorithms a bit set of CertCheckAlgorithm values
     * \return this profile
     */
    ModuleProfile& SetCertCheckAlgorithms(uint32_t algorithms);
    /**
     * \brief Set whether `AT+MSSLCIPHER=?` is supported.
     * \param supported true if supported
     * \return this profile
     */
    ModuleProfile& SetCipherQuerySupported(bool supported);
    /**
     * \brief Set whether certificate and key writes accept the `>` data mode.
     * \param supported true if accepted
     * \return this profile
     */
    ModuleProfile& SetCertDataModeSupported(bool supported);
    /**
     * \brief Set whether waking from deep sleep loses the SSL configuration and certificates.
     * \param lost true if lost
     * \return this profile
     */
    ModuleProfile& SetSslStateLostOnDeepSleep(bool lost);

    /**
     * \brief Look up a profile by model name, ignoring letter case.
     * \param name e.g. "bg95-m3"
     * \return the profile, or nullptr if none has that name; the pointer stays valid for the
     *         whole program
     */
    static const ModuleProfile* Find(const std::string& name);

    /**
     * \brief Get the names of all registered profiles.
     * \return the names in registration order (built-in profiles first, in Table 1 order)
     */
    static std::vector<std::string> GetNames();

    /**
     * \brief Add a profile to the registry.
     *
     * Aborts (NS_FATAL_ERROR) if the name is empty or already registered (case-insensitively),
     * if a cipher-suite ID is not in CipherSuiteTable, or if a count is inconsistent (no
     * sockets, no SSL contexts, an empty PDP ID range, more active PDP contexts than IDs, more
     * SSL connections than sockets).
     *
     * \param profile the profile; it is copied
     */
    static void Register(const ModuleProfile& profile);

    /**
     * \brief Get the name of a dialect.
     * \param dialect a dialect
     * \return "QUECTEL" or "ONEMO"
     */
    static const char* DialectToString(Dialect dialect);

  private:
    std::string m_name;                    //!< model name
    std::string m_series;                  //!< module series
    Dialect m_dialect{Dialect::QUECTEL};   //!< AT command dialect
    std::string m_description;             //!< manufacturer's description
    uint32_t m_rats{0};                    //!< Rat bits
    uint32_t m_pdpContextIdMin{1};         //!< smallest PDP context ID
    uint32_t m_pdpContextIdMax{1};         //!< largest PDP context ID
    uint32_t m_maxActivePdpContexts{1};    //!< simultaneously active PDP contexts
    uint32_t m_socketCount{1};             //!< socket IDs 0..count-1
    uint32_t m_maxSslConnections{1};       //!< simultaneously open SSL connections
    uint32_t m_sslContextCount{1};         //!< SSL context IDs 0..count-1
    uint32_t m_sslVersions{0};             //!< SslVersion bits
    std::vector<uint16_t> m_cipherSuites;  //!< supported suites, manual order
    uint32_t m_maxSendLength{0};           //!< bytes per send command
    uint32_t m_maxReadLength{0};           //!< bytes per read command
    uint32_t m_socketReceiveBufferSize{0}; //!< bytes buffered per socket
    uint32_t m_maxCommandLineLength{0};    //!< bytes per AT command line
    uint32_t m_commandProcessingTimeUs{0}; //!< default command processing time
    std::string m_mcuClass;                //!< processor class
    uint32_t m_quirks{0};                  //!< Quirk bits
    bool m_sslPskSupported{false};         //!< OneMO AT+MSSLPSK, MSSLCFG="psk"
    uint32_t m_certInputEncodings{0};      //!< CertInputEncoding bits
    uint32_t m_certCheckAlgorithms{0};     //!< CertCheckAlgorithm bits
    bool m_cipherQuerySupported{false};    //!< OneMO AT+MSSLCIPHER=?
    bool m_certDataModeSupported{false};   //!< `>` data mode for certificate writes
    bool m_sslStateLostOnDeepSleep{false}; //!< SSL state lost on deep-sleep wake
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_PROFILE_H
