import NurtureCore
import CCurl
