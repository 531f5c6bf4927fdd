/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_MODULE_FILE_SYSTEM_H
#define LPWA_MODULE_FILE_SYSTEM_H

#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The flash file system of a modelled module (Quectel UFS, "User File Storage").
 *
 * It holds the CA certificates, client certificates, private keys and PSK files that the SSL
 * contexts refer to by name (`AT+QSSLCFG="cacert",<ctx>,"UFS:ca.pem"`), and that the host
 * uploads with `AT+QFUPL`, lists with `AT+QFLST`, deletes with `AT+QFDEL` and sizes with
 * `AT+QFLDS`. This class is the storage only; the AT commands live elsewhere.
 *
 * Names: Quectel accepts `"UFS:name"` and `"name"` for the same file, so an optional `UFS:`
 * prefix (any letter case) is stripped before anything else. The remaining name must be 1 to
 * `MaxFileNameLength` bytes long and must not contain `/`, `\`, `*`, `?`, `"`, `:` or control
 * characters (0x00-0x1F, 0x7F). Names are case-sensitive. `:` is rejected because any other
 * drive prefix (`RAM:`, `SD:`) names a storage the modelled modules do not have.
 *
 * Patterns (DeleteMatching(), List()) are names in which `*` matches any run of characters and
 * `?` any single character; `"*"` (or `"UFS:*"`) matches every file.
 *
 * Space: a file occupies exactly its size in bytes (no block rounding, no per-file overhead);
 * the sum of the file sizes may not exceed `Capacity`. A write that does not fit, or that fails
 * for any other reason, leaves the file system (including an existing file of that name)
 * untouched.
 */
class ModuleFileSystem : public Object
{
  public:
    /// Outcome of a file system operation.
    enum class Result
    {
        OK,             //!< the operation succeeded
        NOT_FOUND,      //!< no file of that name (or no file matches the pattern)
        NO_SPACE,       //!< the data does not fit into the free space
        INVALID_NAME,   //!< the name or pattern is empty, too long or has a forbidden character
        TOO_MANY_FILES, //!< creating the file would exceed MaxFiles
        ALREADY_EXISTS, //!< the file exists and overwriting was not allowed
    };

    /// One listed file: its name (without `UFS:`) and its size in bytes.
    using FileEntry = std::pair<std::string, uint32_t>;

    /**
     * \brief Signature of the FileChanged trace source.
     * \param name the file name, without the `UFS:` prefix
     * \param size the new size in bytes; for a deleted file, the size it had
     * \param deleted true if the file was deleted, false if it was created or rewritten
     */
    typedef void (*FileChangedCallback)(std::string name, uint32_t size, bool deleted);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ModuleFileSystem();
    ~ModuleFileSystem() override;

    /**
     * \brief Create or replace a file.
     * \param name the file name, with or without the `UFS:` prefix
     * \param data the complete file content (may be empty)
     * \param overwrite whether an existing file of that name may be replaced
     * \return OK, INVALID_NAME, ALREADY_EXISTS, TOO_MANY_FILES or NO_SPACE; on any result but
     *         OK nothing changes
     */
    Result Write(const std::string& name, const std::vector<uint8_t>& data, bool overwrite);

    /**
     * \brief Read a whole file.
     * \param name the file name, with or without the `UFS:` prefix
     * \param data receives the content; left unchanged unless the result is OK
     * \return OK, INVALID_NAME or NOT_FOUND
     */
    Result Read(const std::string& name, std::vector<uint8_t>& data) const;

    /**
     * \brief Delete one file.
     * \param name the file name, with or without the `UFS:` prefix
     * \return OK, INVALID_NAME or NOT_FOUND
     */
    Result Delete(const std::string& name);

    /**
     * \brief Delete every file whose name matches a pattern.
     * \param pattern a name pattern; `"*"` deletes all files
     * \return OK if at least one file was deleted or the pattern is `"*"` (deleting all files of
     *         an empty file system succeeds), NOT_FOUND if another pattern matched nothing,
     *         INVALID_NAME if the pattern is malformed
     */
    Result DeleteMatching(const std::string& pattern);

    /**
     * \brief Whether a file exists.
     * \param name the file name, with or without the `UFS:` prefix
     * \return true if the name is valid and a file of that name exists
     */
    bool Exists(const std::string& name) const;

    /**
     * \brief List the files whose names match a pattern.
     * \param pattern a name pattern; `"*"` lists all files
     * \return (name, size) of each matching file, sorted by name (byte order); empty if the
     *         pattern is malformed or nothing matches
     */
    std::vector<FileEntry> List(const std::string& pattern = "*") const;

    /**
     * \brief Get the size of one file.
     * \param name the file name, with or without the `UFS:` prefix
     * \param size receives the size in bytes; left unchanged unless the result is OK
     * \return OK, INVALID_NAME or NOT_FOUND
     */
    Result GetFileSize(const std::string& name, uint32_t& size) const;

    /**
     * \brief Get the free space (the `<freesize>` of `AT+QFLDS="UFS"`).
     * \return Capacity minus the used space, in bytes
     */
    uint32_t GetFreeSpace() const;

    /**
     * \brief Get the total size (the `<total_size>` of `AT+QFLDS="UFS"`).
     * \return the Capacity attribute, in bytes
     */
    uint32_t GetTotalSize() const;

    /**
     * \brief Get the used space.
     * \return the sum of the sizes of all files, in bytes
     */
    uint32_t GetUsedSpace() const;

    /**
     * \brief Get the number of files.
     * \return how many files the file system holds
     */
    uint32_t GetFileCount() const;

    /**
     * \brief Whether a name is acceptable as a file name (see the class description).
     * \param name the file name, with or without the `UFS:` prefix
     * \return true if Write() would accept the name
     */
    bool IsValidName(const std::string& name) const;

    /**
     * \brief Remove an optional `UFS:` prefix (any letter case).
     * \param name a file name or pattern
     * \return the name without the prefix; other names unchanged
     */
    static std::string StripPrefix(const std::string& name);

    /**
     * \brief The +QFUPL / +QFDWL checksum of some data.
     *
     * Quectel's `<checksum>` is a 16-bit XOR: the data is taken as consecutive 16-bit
     * big-endian words (first byte high, second byte low) and all words are XORed together. If
     * the length is odd, the last byte is the high byte of a final word whose low byte is 0.
     * Empty data gives 0. Source: Quectel BG96 FILE AT Commands Manual, AT+QFUPL note 2.
     *
     * \param data the uploaded or downloaded bytes
     * \return the checksum, which +QFUPL prints in lower-case hexadecimal
     */
    static uint16_t QuectelChecksum(const std::vector<uint8_t>& data);

    /**
     * \brief Get the name of a result, for logs and test messages.
     * \param result a result
     * \return e.g. "NOT_FOUND"
     */
    static const char* ResultToString(Result result);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Strip the prefix and validate a name or pattern.
     * \param name the name or pattern as given
     * \param allowWildcards whether `*` and `?` are allowed (patterns)
     * \param out receives the stripped name
     * \return true if valid
     */
    bool Normalise(const std::string& name, bool allowWildcards, std::string& out) const;

    /**
     * \brief Glob match with `*` and `?`.
     * \param pattern the stripped pattern
     * \param name the stripped file name
     * \return true if name matches pattern
     */
    static bool Matches(const std::string& pattern, const std::string& name);

    /**
     * \brief Attribute setter for Capacity.
     * \param capacity the capacity in bytes
     */
    void SetCapacity(uint32_t capacity);
    /**
     * \brief Attribute getter for Capacity.
     * \return the capacity in bytes
     */
    uint32_t GetCapacity() const;
    /**
     * \brief Attribute setter for MaxFileNameLength.
     * \param length the maximum name length in bytes
     */
    void SetMaxFileNameLength(uint32_t length);
    /**
     * \brief Attribute getter for MaxFileNameLength.
     * \return the maximum name length in bytes
     */
    uint32_t GetMaxFileNameLength() const;
    /**
     * \brief Attribute setter for MaxFiles.
     * \param count the maximum number of files
     */
    void SetMaxFiles(uint32_t count);
    /**
     * \brief Attribute getter for MaxFiles.
     * \return the maximum number of files
     */
    uint32_t GetMaxFiles() const;

    std::map<std::string, std::vector<uint8_t>> m_files; //!< content by stripped name
    uint64_t m_used{0};                                  //!< sum of the file sizes
    uint32_t m_capacity{0};                              //!< Capacity attribute
    uint32_t m_maxFileNameLength{0};                     //!< MaxFileNameLength attribute
    uint32_t m_maxFiles{0};                              //!< MaxFiles attribute

    /// Fired when a file is created, rewritten or deleted.
    TracedCallback<std::string, uint32_t, bool> m_fileChangedTrace;
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_MODULE_FILE_SYSTEM_H
