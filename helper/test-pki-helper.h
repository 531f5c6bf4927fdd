/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TEST_PKI_HELPER_H
#define LPWA_TEST_PKI_HELPER_H

#include <cstdint>
#include <map>
#include <memory>
#include <openssl/types.h>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Generates a deterministic test PKI in process: root and intermediate CAs, server
 * certificates for the usual failure cases, and client certificates.
 *
 * Every key and signature is drawn under a TlsRandom::Scope of a TlsRandomSource made by
 * TlsRandomSource::CreateFromSeed() from (seed, key type, role), and serial numbers are fixed,
 * so two helpers with the same seed produce byte-identical certificates, keys and PEM, in any
 * run, process and call order. Validity windows are Unix seconds of *simulated* time (what
 * ModuleClock::GetUnixTime() returns); the host clock is never read. Default window:
 * 2026-01-01T00:00:00Z to 2030-12-31T23:59:59Z, so a check at simulated 2031 finds the whole
 * chain expired.
 *
 * Hierarchy, per KeyType (every certificate of a hierarchy uses that key type, SHA-256):
 *  - root CA "LPWA Test Root CA <type>" (serial 1), self-signed; the trust store (GetCaPem());
 *  - intermediate "LPWA Test Intermediate CA <type>" (serial 2, pathlen 0), signed by the root;
 *  - second root "LPWA Untrusted Root CA <type>" (serial 3) and its intermediate (serial 4),
 *    never in the trust store;
 *  - server leaves (serial 100 + ServerCase), extendedKeyUsage serverAuth;
 *  - client leaves "device-<n>" (serial 1000 + n), signed by the intermediate, clientAuth.
 *
 * Server cases, and what X509_verify_cert() reports against GetCaPem() with the served chain
 * as untrusted certificates at simulated 2026-06-01:
 *  - VALID: CN and subjectAltName DNS = host name (default "tls.example"), by the
 *    intermediate; verifies (X509_V_OK);
 *  - EXPIRED: as VALID, valid 2020-01-01..2021-12-31T23:59:59Z;
 *    X509_V_ERR_CERT_HAS_EXPIRED;
 *  - NOT_YET_VALID: as VALID, valid 2032-01-01..2036-12-31T23:59:59Z;
 *    X509_V_ERR_CERT_NOT_YET_VALID;
 *  - WRONG_HOST: CN and DNS "other.example"; the chain verifies, X509_check_host() fails
 *    (X509_V_ERR_HOSTNAME_MISMATCH when the host is set in the verify parameters);
 *  - SELF_SIGNED: CN/DNS = host name, its own issuer, served alone;
 *    X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
 *  - UNTRUSTED_ROOT: CN/DNS = host name, by the untrusted intermediate, served with it;
 *    X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
 *  - INCOMPLETE_CHAIN: VALID's leaf and key, served without the intermediate;
 *    X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY.
 *
 * Keys are written as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"). Objects are handed out as
 * std::shared_ptr with OpenSSL's free functions as deleters; the helper keeps its own
 * references, so they stay valid after the helper is gone. Certificates and keys are made on
 * first request and kept by the helper; SetHostName() and the validity setters drop the kept
 * certificates (not the keys).
 *
 * Generated private keys are also kept, as DER, in a process-wide cache keyed by
 * (seed, key type, role), so a test process generates each RSA-2048 key once. Each helper
 * decodes its own EVP_PKEY from the cache, so the cache never changes a result: a key is a
 * function of its (seed, type, role) source alone, and an RSA key's blinding state (which
 * draws randomness at its first private-key use) is never shared between helpers. To get
 * byte-identical TLS handshakes in two runs of one process, give each run its own key object
 * (e.g. parse GetServerKeyPem() per run).
 */
class TestPkiHelper
{
  public:
    /// Key type of a hierarchy.
    enum KeyType
    {
        RSA_2048,   //!< RSA 2048-bit keys, sha256WithRSAEncryption (PKCS#1 v1.5)
        ECDSA_P256, //!< EC keys on NIST P-256, ecdsa-with-SHA256
    };

    /// Server certificate case.
    enum ServerCase
    {
        VALID,            //!< valid for the host name, chains to the trusted root
        EXPIRED,          //!< validity window in the past
        NOT_YET_VALID,    //!< validity window in the future
        WRONG_HOST,       //!< names other.example
        SELF_SIGNED,      //!< its own issuer
        UNTRUSTED_ROOT,   //!< chains to a root the trust store does not hold
        INCOMPLETE_CHAIN, //!< VALID's leaf served without the intermediate
    };

    using X509Ptr = std::shared_ptr<X509>;     //!< a certificate (deleter X509_free)
    using PkeyPtr = std::shared_ptr<EVP_PKEY>; //!< a key pair (deleter EVP_PKEY_free)

    /// Default notBefore: 2026-01-01T00:00:00Z.
    static constexpr int64_t DEFAULT_NOT_BEFORE = 1767225600;
    /// Default notAfter: 2030-12-31T23:59:59Z.
    static constexpr int64_t DEFAULT_NOT_AFTER = 1924991999;

    /**
     * \brief Create a helper; nothing is generated until first asked for.
     * \param seed the PKI seed; the same seed gives the same PKI
     */
    explicit TestPkiHelper(uint64_t seed = 1);

    /**
     * \brief Set the host name of the VALID, EXPIRED, NOT_YET_VALID, SELF_SIGNED,
     * UNTRUSTED_ROOT and INCOMPLETE_CHAIN server certificates.
     * \param hostName a DNS name; fatal error if empty or equal to "other.example"
     */
    void SetHostName(const std::string& hostName);

    /**
     * \brief Get the host name the server certificates are issued for.
     * \return the host name
     */
    std::string GetHostName() const;

    /**
     * \brief Set the validity window of the CAs, the VALID/WRONG_HOST/SELF_SIGNED/
     * UNTRUSTED_ROOT/INCOMPLETE_CHAIN leaves and the client certificates.
     * \param notBefore Unix seconds of simulated time
     * \param notAfter Unix seconds of simulated time; fatal error unless notBefore < notAfter
     */
    void SetValidity(int64_t notBefore, int64_t notAfter);

    /**
     * \brief Set the validity window of one server case's leaf (EXPIRED and NOT_YET_VALID have
     * their own defaults; the others follow SetValidity()).
     * \param serverCase the case; fatal error for INCOMPLETE_CHAIN (it is VALID's leaf)
     * \param notBefore Unix seconds of simulated time
     * \param notAfter Unix seconds; fatal error unless notBefore < notAfter
     */
    void SetServerValidity(ServerCase serverCase, int64_t notBefore, int64_t notAfter);

    /**
     * \brief Set how many client certificates WritePem() writes (client-1 .. client-count).
     * \param count the number (default 2)
     */
    void SetClientCount(uint32_t count);

    /**
     * \brief Get the trusted root CA certificate.
     * \param type the key type
     * \return the root
     */
    X509Ptr GetRootCertificate(KeyType type);

    /**
     * \brief Get the intermediate CA certificate.
     * \param type the key type
     * \return the intermediate
     */
    X509Ptr GetIntermediateCertificate(KeyType type);

    /**
     * \brief Get the root that the trust store does not hold (UNTRUSTED_ROOT's anchor).
     * \param type the key type
     * \return the untrusted root
     */
    X509Ptr GetUntrustedRootCertificate(KeyType type);

    /**
     * \brief Get a server leaf certificate.
     * \param serverCase the case
     * \param type the key type
     * \return the leaf
     */
    X509Ptr GetServerCertificate(ServerCase serverCase, KeyType type);

    /**
     * \brief Get the chain a server presents: leaf first, then its intermediate, except for
     * SELF_SIGNED and INCOMPLETE_CHAIN (leaf only).
     * \param serverCase the case
     * \param type the key type
     * \return the chain
     */
    std::vector<X509Ptr> GetServerChain(ServerCase serverCase, KeyType type);

    /**
     * \brief Get a server leaf's private key.
     * \param serverCase the case
     * \param type the key type
     * \return the key (shared with this helper; see the class notes on RSA blinding)
     */
    PkeyPtr GetServerKey(ServerCase serverCase, KeyType type);

    /**
     * \brief Get client certificate number n ("device-<n>").
     * \param n the device number; fatal error if 0
     * \param type the key type
     * \return the certificate
     */
    X509Ptr GetClientCertificate(uint32_t n, KeyType type);

    /**
     * \brief Get client number n's private key.
     * \param n the device number; fatal error if 0
     * \param type the key type
     * \return the key
     */
    PkeyPtr GetClientKey(uint32_t n, KeyType type);

    /**
     * \brief Get the trusted root bundle a module uploads as its CA certificate (cacert).
     * \param type the key type
     * \return the root certificate as PEM
     */
    std::string GetCaPem(KeyType type);

    /**
     * \brief Get the server chain (GetServerChain()) as concatenated PEM, leaf first.
     * \param serverCase the case
     * \param type the key type
     * \return the PEM text
     */
    std::string GetServerChainPem(ServerCase serverCase, KeyType type);

    /**
     * \brief Get a server leaf's private key as PKCS#8 PEM.
     * \param serverCase the case
     * \param type the key type
     * \return the PEM text
     */
    std::string GetServerKeyPem(ServerCase serverCase, KeyType type);

    /**
     * \brief Get client certificate number n as PEM.
     * \param n the device number; fatal error if 0
     * \param type the key type
     * \return the PEM text
     */
    std::string GetClientCertPem(uint32_t n, KeyType type);

    /**
     * \brief Get client number n's private key as PKCS#8 PEM.
     * \param n the device number; fatal error if 0
     * \param type the key type
     * \return the PEM text
     */
    std::string GetClientKeyPem(uint32_t n, KeyType type);

    /**
     * \brief Write the whole PKI, both key types, as PEM files into an existing directory.
     *
     * Files, with <t> = rsa or ecdsa and <case> = valid, expired, not-yet-valid, wrong-host,
     * self-signed, untrusted-root, incomplete-chain:
     *  - ca-<t>.pem: trusted root (GetCaPem());
     *  - intermediate-<t>.pem: the intermediate CA;
     *  - untrusted-ca-<t>.pem: the root the trust store does not hold;
     *  - server-<case>-<t>.pem: served chain (GetServerChainPem());
     *  - server-<case>-<t>.key: leaf key (GetServerKeyPem());
     *  - client-<n>-<t>.pem and client-<n>-<t>.key for n = 1..SetClientCount() (default 2).
     *
     * \param directory an existing, writable directory
     * \param error receives a message naming the file and the reason on failure
     * \return true if every file was written
     */
    bool WritePem(const std::string& directory, std::string& error);

    /**
     * \brief Get the file-name word of a key type.
     * \param type the key type
     * \return "rsa" or "ecdsa"
     */
    static std::string KeyTypeName(KeyType type);

    /**
     * \brief Get the file-name word of a server case.
     * \param serverCase the case
     * \return e.g. "not-yet-valid"
     */
    static std::string ServerCaseName(ServerCase serverCase);

    /**
     * \brief Encode a certificate as PEM.
     * \param cert the certificate
     * \return the PEM text
     */
    static std::string ToPem(const X509Ptr& cert);

    /**
     * \brief Encode a private key as unencrypted PKCS#8 PEM.
     * \param key the key
     * \return the PEM text
     */
    static std::string ToPem(const PkeyPtr& key);

  private:
    /// A certificate and its key.
    struct Issued
    {
        X509Ptr cert; //!< the certificate
        PkeyPtr key;  //!< its private key
    };

    /**
     * \brief Get (generating if needed) the key of a role.
     * \param type the key type
     * \param role the role name, e.g. "root" or "server-valid"
     * \return the key
     */
    PkeyPtr GetKey(KeyType type, const std::string& role);

    /**
     * \brief Get (issuing if needed) a CA.
     * \param type the key type
     * \param role "root", "intermediate", "untrusted-root" or "untrusted-intermediate"
     * \return the CA certificate and key
     */
    const Issued& GetCa(KeyType type, const std::string& role);

    /**
     * \brief Get (issuing if needed) a server leaf.
     * \param serverCase the case
     * \param type the key type
     * \return the leaf and key
     */
    const Issued& GetServer(ServerCase serverCase, KeyType type);

    /**
     * \brief Get (issuing if needed) a client leaf.
     * \param n the device number
     * \param type the key type
     * \return the leaf and key
     */
    const Issued& GetClient(uint32_t n, KeyType type);

    /**
     * \brief Get the seed of the source for one (type, role, purpose).
     * \param type the key type
     * \param role the role name
     * \param purpose "key" or "sign"
     * \return the seed
     */
    uint64_t SourceSeed(KeyType type, const std::string& role, const std::string& purpose) const;

    /// Drop the issued certificates (after a name or validity change).
    void DropCertificates();

    uint64_t m_seed;                                                  //!< PKI seed
    std::string m_hostName{"tls.example"};                            //!< server host name
    int64_t m_notBefore{DEFAULT_NOT_BEFORE};                          //!< main window start
    int64_t m_notAfter{DEFAULT_NOT_AFTER};                            //!< main window end
    std::map<ServerCase, std::pair<int64_t, int64_t>> m_caseValidity; //!< per-case windows
    uint32_t m_clientCount{2};                                        //!< clients WritePem writes
    std::map<std::pair<KeyType, std::string>, PkeyPtr> m_keys;        //!< keys by (type, role)
    std::map<std::pair<KeyType, std::string>, Issued> m_issued; //!< certificates by (type, role)
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TEST_PKI_HELPER_H
