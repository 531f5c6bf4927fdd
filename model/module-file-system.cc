/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "module-file-system.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <limits>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleFileSystem");
NS_OBJECT_ENSURE_REGISTERED(ModuleFileSystem);

namespace
{

/**
 * Abort the simulation when a size or count attribute is set to 0 or to less than what the
 * stored files already take.
 * \param attribute the attribute name
 * \param value the value being set
 * \param what what the value is, with its minimum, for the message on 0
 * \param inUse what the stored files already take
 * \param inUseWhat what `inUse` counts, for the message
 */
void
CheckLimit(const char* attribute,
           uint64_t value,
           const char* what,
           uint64_t inUse,
           const char* inUseWhat)
{
    if (value == 0)
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleFileSystem attribute " << attribute
                                                                << ": 0 is not a valid " << what);
    }
    if (value < inUse)
    {
        NS_FATAL_ERROR("ns3::lpwa::ModuleFileSystem attribute "
                       << attribute << ": " << value << " is less than the " << inUse << " "
                       << inUseWhat);
    }
}

} // namespace

TypeId
ModuleFileSystem::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::ModuleFileSystem")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<ModuleFileSystem>()
            // Assumption: no published BG95 AT+QFLDS="UFS" figure was found (the BG96 FILE
            // manual's example reports 14483456 bytes total, but BG95 has far less flash).
            // 256000 bytes holds dozens of PEM certificates and keys (1-4 KiB each), which is
            // what the simulations store; set the attribute when a measured figure exists.
            .AddAttribute("Capacity",
                          "Total size of the file system in bytes (AT+QFLDS total size). "
                          "Default 256000 is an assumption, not a published BG95 figure.",
                          UintegerValue(256000),
                          MakeUintegerAccessor(&ModuleFileSystem::SetCapacity,
                                               &ModuleFileSystem::GetCapacity),
                          MakeUintegerChecker<uint32_t>())
            // Source: Quectel BG96 FILE AT Commands Manual, <filename>: "The maximum length is
            // 80 bytes". Counted here without the optional "UFS:" prefix.
            .AddAttribute("MaxFileNameLength",
                          "Maximum length of a file name in bytes, not counting a UFS: prefix.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&ModuleFileSystem::SetMaxFileNameLength,
                                               &ModuleFileSystem::GetMaxFileNameLength),
                          MakeUintegerChecker<uint32_t>())
            // Assumption: Quectel documents no file-count limit for UFS; 256 is far above what a
            // host stores (a few certificates and keys per SSL context, 6 contexts).
            .AddAttribute("MaxFiles",
                          "Maximum number of files. Default 256 is an assumption.",
                          UintegerValue(256),
                          MakeUintegerAccessor(&ModuleFileSystem::SetMaxFiles,
                                               &ModuleFileSystem::GetMaxFiles),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("FileChanged",
                            "A file was created, rewritten or deleted: name (without UFS:), "
                            "size in bytes (the old size for a deletion), deleted flag.",
                            MakeTraceSourceAccessor(&ModuleFileSystem::m_fileChangedTrace),
                            "ns3::lpwa::ModuleFileSystem::FileChangedCallback");
    return tid;
}

ModuleFileSystem::ModuleFileSystem()
{
    NS_LOG_FUNCTION(this);
}

ModuleFileSystem::~ModuleFileSystem()
{
    NS_LOG_FUNCTION(this);
}

void
ModuleFileSystem::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_files.clear();
    m_used = 0;
    Object::DoDispose();
}

void
ModuleFileSystem::SetCapacity(uint32_t capacity)
{
    CheckLimit("Capacity",
               capacity,
               "capacity (must be at least 1 byte)",
               m_used,
               "bytes the stored files already use");
    m_capacity = capacity;
}

uint32_t
ModuleFileSystem::GetCapacity() const
{
    return m_capacity;
}

void
ModuleFileSystem::SetMaxFileNameLength(uint32_t length)
{
    CheckLimit("MaxFileNameLength", length, "length (must be at least 1)", 0, "");
    m_maxFileNameLength = length;
}

uint32_t
ModuleFileSystem::GetMaxFileNameLength() const
{
    return m_maxFileNameLength;
}

void
ModuleFileSystem::SetMaxFiles(uint32_t count)
{
    CheckLimit("MaxFiles",
               count,
               "file count (must be at least 1)",
               m_files.size(),
               "files already stored");
    m_maxFiles = count;
}

uint32_t
ModuleFileSystem::GetMaxFiles() const
{
    return m_maxFiles;
}

std::string
ModuleFileSystem::StripPrefix(const std::string& name)
{
    if (name.size() >= 4 && std::toupper(static_cast<unsigned char>(name[0])) == 'U' &&
        std::toupper(static_cast<unsigned char>(name[1])) == 'F' &&
        std::toupper(static_cast<unsigned char>(name[2])) == 'S' && name[3] == ':')
    {
        return name.substr(4);
    }
    return name;
}

bool
ModuleFileSystem::Normalise(const std::string& name, bool allowWildcards, std::string& out) const
{
    std::string stripped = StripPrefix(name);
    if (stripped.empty() || stripped.size() > m_maxFileNameLength)
    {
        return false;
    }
    for (char c : stripped)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F || c == '/' || c == '\\' || c == '"' || c == ':')
        {
            return false;
        }
        if ((c == '*' || c == '?') && !allowWildcards)
        {
            return false;
        }
    }
    out = std::move(stripped);
    return true;
}

bool
ModuleFileSystem::IsValidName(const std::string& name) const
{
    std::string stripped;
    return Normalise(name, false, stripped);
}

bool
ModuleFileSystem::Matches(const std::string& pattern, const std::string& name)
{
    // Iterative glob match with backtracking to the last '*'.
    size_t p = 0;
    size_t n = 0;
    size_t starP = std::string::npos;
    size_t starN = 0;
    while (n < name.size())
    {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n]))
        {
            ++p;
            ++n;
        }
        else if (p < pattern.size() && pattern[p] == '*')
        {
            starP = p++;
            starN = n;
        }
        else if (starP != std::string::npos)
        {
            p = starP + 1;
            n = ++starN;
        }
        else
        {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
    {
        ++p;
    }
    return p == pattern.size();
}

ModuleFileSystem::Result
ModuleFileSystem::Write(const std::string& name, const std::vector<uint8_t>& data, bool overwrite)
{
    NS_LOG_FUNCTION(this << name << data.size() << overwrite);
    std::string key;
    if (!Normalise(name, false, key))
    {
        NS_LOG_LOGIC("write rejected: invalid name \"" << name << "\"");
        return Result::INVALID_NAME;
    }
    auto it = m_files.find(key);
    uint64_t oldSize = 0;
    if (it != m_files.end())
    {
        if (!overwrite)
        {
            NS_LOG_LOGIC("write rejected: " << key << " exists");
            return Result::ALREADY_EXISTS;
        }
        oldSize = it->second.size();
    }
    else if (m_files.size() >= m_maxFiles)
    {
        NS_LOG_LOGIC("write rejected: " << m_files.size() << " files, MaxFiles " << m_maxFiles);
        return Result::TOO_MANY_FILES;
    }
    if (data.size() > std::numeric_limits<uint32_t>::max() ||
        m_used - oldSize + data.size() > m_capacity)
    {
        NS_LOG_LOGIC("write rejected: " << data.size() << " bytes do not fit ("
                                        << GetFreeSpace() + oldSize << " available)");
        return Result::NO_SPACE;
    }
    m_used = m_used - oldSize + data.size();
    m_files[key] = data;
    NS_LOG_INFO("wrote " << key << " (" << data.size() << " bytes, " << GetFreeSpace() << " free)");
    m_fileChangedTrace(key, static_cast<uint32_t>(data.size()), false);
    return Result::OK;
}

ModuleFileSystem::Result
ModuleFileSystem::Read(const std::string& name, std::vector<uint8_t>& data) const
{
    std::string key;
    if (!Normalise(name, false, key))
    {
        return Result::INVALID_NAME;
    }
    auto it = m_files.find(key);
    if (it == m_files.end())
    {
        return Result::NOT_FOUND;
    }
    data = it->second;
    return Result::OK;
}

ModuleFileSystem::Result
ModuleFileSystem::GetFileSize(const std::string& name, uint32_t& size) const
{
    std::string key;
    if (!Normalise(name, false, key))
    {
        return Result::INVALID_NAME;
    }
    auto it = m_files.find(key);
    if (it == m_files.end())
    {
        return Result::NOT_FOUND;
    }
    size = static_cast<uint32_t>(it->second.size());
    return Result::OK;
}

ModuleFileSystem::Result
ModuleFileSystem::Delete(const std::string& name)
{
    NS_LOG_FUNCTION(this << name);
    std::string key;
    if (!Normalise(name, false, key))
    {
        return Result::INVALID_NAME;
    }
    auto it = m_files.find(key);
    if (it == m_files.end())
    {
        return Result::NOT_FOUND;
    }
    const auto size = static_cast<uint32_t>(it->second.size());
    m_used -= size;
    m_files.erase(it);
    NS_LOG_INFO("deleted " << key << " (" << size << " bytes)");
    m_fileChangedTrace(key, size, true);
    return Result::OK;
}

ModuleFileSystem::Result
ModuleFileSystem::DeleteMatching(const std::string& pattern)
{
    NS_LOG_FUNCTION(this << pattern);
    std::string stripped;
    if (!Normalise(pattern, true, stripped))
    {
        return Result::INVALID_NAME;
    }
    std::vector<std::string> victims;
    for (const auto& file : m_files)
    {
        if (Matches(stripped, file.first))
        {
            victims.push_back(file.first);
        }
    }
    if (victims.empty())
    {
        return stripped == "*" ? Result::OK : Result::NOT_FOUND;
    }
    for (const auto& victim : victims)
    {
        Delete(victim);
    }
    return Result::OK;
}

bool
ModuleFileSystem::Exists(const std::string& name) const
{
    std::string key;
    return Normalise(name, false, key) && m_files.count(key) != 0;
}

std::vector<ModuleFileSystem::FileEntry>
ModuleFileSystem::List(const std::string& pattern) const
{
    std::vector<FileEntry> entries;
    std::string stripped;
    if (!Normalise(pattern, true, stripped))
    {
        return entries;
    }
    for (const auto& file : m_files) // std::map: already sorted by name
    {
        if (Matches(stripped, file.first))
        {
            entries.emplace_back(file.first, static_cast<uint32_t>(file.second.size()));
        }
    }
    return entries;
}

uint32_t
ModuleFileSystem::GetFreeSpace() const
{
    return static_cast<uint32_t>(m_capacity - m_used);
}

uint32_t
ModuleFileSystem::GetTotalSize() const
{
    return m_capacity;
}

uint32_t
ModuleFileSystem::GetUsedSpace() const
{
    return static_cast<uint32_t>(m_used);
}

uint32_t
ModuleFileSystem::GetFileCount() const
{
    return static_cast<uint32_t>(m_files.size());
}

uint16_t
ModuleFileSystem::QuectelChecksum(const std::vector<uint8_t>& data)
{
    uint16_t sum = 0;
    for (size_t i = 0; i < data.size(); i += 2)
    {
        const uint16_t high = data[i];
        const uint16_t low = i + 1 < data.size() ? data[i + 1] : 0;
        sum ^= static_cast<uint16_t>((high << 8) | low);
    }
    return sum;
}

const char*
ModuleFileSystem::ResultToString(Result result)
{
    switch (result)
    {
        case Result::OK:
            return "OK";
        case Result::NOT_FOUND:
            return "NOT_FOUND";
        case Result::NO_SPACE:
            return "NO_SPACE";
        case Result::INVALID_NAME:
            return "INVALID_NAME";
        case Result::TOO_MANY_FILES:
            return "TOO_MANY_FILES";
        case Result::ALREADY_EXISTS:
            return "ALREADY_EXISTS";
    }
    return "UNKNOWN";
}

} // namespace lpwa
} // namespace ns3
